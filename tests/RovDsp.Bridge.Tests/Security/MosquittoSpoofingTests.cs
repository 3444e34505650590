using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>The same example password file and ACL securing mosquitto 2.0.11 (started by the test on a free port)
/// with the bridge connected to it as rovdsp-bridge: the spoofing attacks fail there too.</summary>
public class MosquittoSpoofingTests
{
    private const string Echo1 = "rov/r1/raw/echosounder/echo1";

    [MosquittoFact]
    public async Task With_the_example_files_mosquitto_keeps_spoofed_pings_feeds_and_status_from_the_bridge_and_the_pilots()
    {
        var passwords = SameAnswersFromBothBrokersTests.Passwords;
        await using var broker = await MosquittoBroker.StartAsync(
            $"allow_anonymous false\npassword_file {SameAnswersFromBothBrokersTests.PasswordExample}\nacl_file {SameAnswersFromBothBrokersTests.AclExample}");
        await using var service = new BridgeService(
            new BridgeOptions
            {
                Vehicle = "r1",
                Broker = new BrokerEndpoint("127.0.0.1", broker.Port, false),
                UserName = "rovdsp-bridge",
                Password = passwords["rovdsp-bridge"],
            },
            new SensorHandlerFactory());
        await service.StartAsync();
        await using var sensor = await MqttProbe.ConnectAsync(broker.Port, "sensor-echo1", "sensor1", passwords["sensor1"]);
        await using var pilot = await MqttProbe.ConnectAsync(broker.Port, "pilot-display", "pilot1", passwords["pilot1"]);
        await using var anonymous = await MqttProbe.ConnectAsync(broker.Port, "anon", null, null);
        Assert.NotEqual(MqttClientConnectResultCode.Success, anonymous.ConnectCode);
        await pilot.SubscribeAsync("rov/r1/#");

        var pings = SpoofingAttackTests.Pings(60);
        foreach (var ping in pings.Skip(20))
        {
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishBytesAsync(Echo1, ping));
        }

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishBytesAsync("rov/r1/raw/echosounder/echo9", pings[0]));
        const string Spoof = """{"altitudeM":25.0,"valid":true}""";
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await sensor.PublishAsync("rov/r1/feed/altitude/echo1", Spoof));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await sensor.PublishAsync("rov/r1/alarms/active", "", retain: true));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishAsync("rov/r1/status", """{"state":"online","client":"evil"}""", retain: true));
        foreach (var ping in pings.Take(20))
        {
            Assert.True((int)await sensor.PublishBytesAsync(Echo1, ping) < 0x80);
        }

        await EmbeddedBrokerLinkTests.WaitUntil(() => service.Workers.TryGetValue(Echo1, out var w) && w!.Handled + w.Dropped == 20);
        await EmbeddedBrokerLinkTests.WaitUntil(() => pilot.Received.Any(m => m.Topic == "rov/r1/feed/altitude/echo1"));
        Assert.Equal(20, service.RawReceived);
        Assert.Equal([Echo1], service.Workers.Keys);
        Assert.DoesNotContain(pilot.Received, m => m.Payload == Spoof || m.Payload.Contains("evil", StringComparison.Ordinal) || m.Topic.Contains("/raw/", StringComparison.Ordinal));

        await using var later = await MqttProbe.ConnectAsync(broker.Port, "pilot-display-2", "pilot1", passwords["pilot1"]);
        await later.SubscribeAsync("rov/r1/status");
        await EmbeddedBrokerLinkTests.WaitUntil(() => later.Received.Any(m => m.Topic == "rov/r1/status"));
        using var status = JsonDocument.Parse(later.Received.First(m => m.Topic == "rov/r1/status").Payload);
        Assert.Equal("rovdsp-bridge", status.RootElement.GetProperty("client").GetString());
    }
}
