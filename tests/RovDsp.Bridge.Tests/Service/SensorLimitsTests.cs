using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Feeds;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Service;

/// <summary>Only the sensors a vehicle is configured with (or the first N) get a pipeline; the rest, and topics that
/// are no sensor's, are counted and cost no worker, however many there are.</summary>
public class SensorLimitsTests
{
    private static async Task<(BridgeService Service, IMqttClient Client)> StartAsync(SensorLimits sensors)
    {
        var service = new BridgeService(new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0, Sensors = sensors }, new SensorHandlerFactory());
        await service.StartAsync();
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", service.EmbeddedBroker!.Port).WithClientId("sensor").Build());
        return (service, client);
    }

    // QoS 1: the broker hands the message to the bridge before it acknowledges it.
    private static Task PublishAsync(IMqttClient client, string topic) =>
        client.PublishBinaryAsync(topic, new byte[32], MqttQualityOfServiceLevel.AtLeastOnce);

    [Fact]
    public async Task A_sensor_outside_the_configured_set_gets_no_pipeline_and_is_counted()
    {
        var (service, client) = await StartAsync(new SensorLimits { AllowedSensors = new HashSet<string>(["echo1"]) });
        await using var _ = service;
        using var __ = client;
        await PublishAsync(client, "rov/r1/raw/echosounder/echo1");
        await PublishAsync(client, "rov/r1/raw/echosounder/echo9");
        await PublishAsync(client, "rov/r1/raw/echosounder/echo9");
        Assert.NotNull(service.Workers["rov/r1/raw/echosounder/echo1"]);
        Assert.Null(service.Workers["rov/r1/raw/echosounder/echo9"]);
        Assert.Equal(1, service.Errors.Counts["sensor-refused"]);
        Assert.Equal(1, service.Errors.Counts["refused-topic"]); // its second message, on the remembered refusal
        Assert.Equal(1, service.Workers.Values.Count(w => w is not null));
    }

    [Fact]
    public async Task At_most_N_new_sensors_get_a_pipeline_and_refused_topics_are_remembered_only_up_to_a_cap()
    {
        var (service, client) = await StartAsync(new SensorLimits { MaxSensors = 2, MaxRefusedTopicsRemembered = 10 });
        await using var _ = service;
        using var __ = client;
        for (var i = 0; i < 5; i++)
        {
            await PublishAsync(client, $"rov/r1/raw/echosounder/e{i}");
        }

        for (var i = 0; i < 50; i++)
        {
            await PublishAsync(client, $"rov/r1/raw/nosuchkind{i}/s");
        }

        Assert.Equal(2, service.Workers.Values.Count(w => w is not null));
        Assert.Equal(3, service.Errors.Counts["sensor-refused"]);
        Assert.Equal(50, service.Errors.Counts["bad-topic"]);
        Assert.Equal(10, service.Workers.Values.Count(w => w is null));
        var metrics = System.Text.Json.JsonDocument.Parse(service.MetricsJson());
        Assert.Equal(2, metrics.RootElement.GetProperty("sensors").GetArrayLength());
        Assert.Equal(3, MetricsJson.ByReason(metrics.RootElement.GetProperty("errors"), "sensor-refused"));
    }
}
