using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>Discovery (<c>--vehicles +</c>) on mosquitto: vehicles are started as their raw messages appear, up to
/// <c>--max-vehicles</c>; a client inventing vehicle ids by the hundred gets them refused, counted and said (a bounded
/// number of lines), and the bridge allocates no service for them. And the settings that cannot work are refused.</summary>
public sealed class VehicleDiscoveryTests
{
    [MosquittoFact]
    public async Task DiscoveryStopsAtTheMaximumAndCountsAFloodOfInventedVehicles()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var log = new StringWriter();
        await using var fleet = new VehicleFleet(
            new FleetOptions
            {
                Unit = new BridgeOptions { Broker = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "discovery-test", RawSessionExpiry = TimeSpan.Zero },
                MaxVehicles = 3,
            },
            new SensorHandlerFactory(new PipelineSettings()),
            TextWriter.Synchronized(log));
        await fleet.StartAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("vehicle-faker")
            .WithProtocolVersion(MqttProtocolVersion.V500).Build());
        var sample = new byte[RovDsp.Dsp.Wire.SlurrySampleCodec.EncodedLength];
        RovDsp.Dsp.Wire.SlurrySampleCodec.Encode(
            new RovDsp.Dsp.Pipelines.Slurry.SlurrySample(new RovDsp.Dsp.Pipelines.MessageStamp(1, 0), 0, RovDsp.Dsp.Pipelines.Slurry.SlurrySensorKind.FlowVelocity, 3f), sample);
        async Task PublishAsync(string vehicle) => await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"rov/{vehicle}/raw/slurry/line1").WithPayload(sample).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        foreach (var vehicle in new[] { "rov1", "rov2", "rov3" })
        {
            await PublishAsync(vehicle);
        }

        Assert.True(await FleetTraffic.WaitUntilAsync(() => fleet.Vehicles.Count == 3, TimeSpan.FromSeconds(20)), log.ToString());

        // 500 invented ids, 2 messages each, and a bad vehicle level.
        for (var i = 0; i < 500; i++)
        {
            await PublishAsync($"fake{i}");
            await PublishAsync($"fake{i}");
        }

        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/bad.id/raw/slurry/line1").WithPayload(sample).Build());
        await PublishAsync("rov1");
        Assert.True(await FleetTraffic.WaitUntilAsync(() => fleet.MessagesRefused == 1000 && fleet.MessagesBadTopic == 1, TimeSpan.FromSeconds(20)),
            $"refused {fleet.MessagesRefused}, bad {fleet.MessagesBadTopic}");
        Assert.Equal(["rov1", "rov2", "rov3"], fleet.Vehicles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(500, fleet.VehiclesRefused);
        Assert.True(await FleetTraffic.WaitUntilAsync(
            () => fleet.Vehicles["rov1"].Workers.Values.Sum(w => w?.Handled ?? 0) == 2, TimeSpan.FromSeconds(10)));

        // Said once per id for the first 64 ids, then only counted (the fleet status carries the count).
        var lines = log.ToString().Split('\n').Count(l => l.Contains("refused: this bridge serves 3 vehicles", StringComparison.Ordinal));
        Assert.Equal(64, lines);
        Assert.Contains("\"vehiclesRefused\":500", fleet.StatusJson("online", null), StringComparison.Ordinal);
        await client.DisconnectAsync();
    }

    [Fact]
    public void FleetSettingsThatCannotWorkAreRefused()
    {
        var unit = new BridgeOptions { Broker = new BrokerEndpoint("127.0.0.1", 1883, false) };
        Assert.Contains("external broker", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = new BridgeOptions(), Vehicles = ["rov1", "rov2"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, Vehicles = ["rov1", "rov1"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("max-vehicles", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, Vehicles = ["a", "b", "c"], MaxVehicles = 2 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("vehicles", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, Vehicles = ["rov#"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("share-group", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, ShareGroup = "g", Shard = new ShardAssignment(0, 2) }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("share-group", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, ShareGroup = "g", Vehicles = ["rov1"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("share-group", Assert.Throws<BridgeConfigurationException>(() => new FleetOptions { Unit = unit, ShareGroup = "a/b" }.Validate()).Message, StringComparison.Ordinal);
    }
}
