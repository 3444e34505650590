using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Service;

/// <summary>
/// Acknowledgements over MQTT (what the web console's Ack button publishes) reach the bridge's alarm engine, in the
/// embedded broker and through its link to mosquitto: the retained alarms list and the events say the new ISA-18.2
/// state, and a malformed or unknown acknowledgement is refused on the errors topic with its reason.
/// </summary>
public class AlarmAcknowledgementTests
{
    private const long T0 = 1_799_971_200_000_000_000;

    [Fact]
    public async Task Acknowledgement_in_the_embedded_broker_changes_the_alarm_state_everyone_sees()
    {
        await using var service = new BridgeService(new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0 }, new SensorHandlerFactory());
        await service.StartAsync();
        await AcknowledgeAndCheckAsync(service, service.Endpoint!);
    }

    [MosquittoFact]
    public async Task Acknowledgement_through_mosquitto_changes_the_alarm_state_everyone_sees()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        var endpoint = new BrokerEndpoint("127.0.0.1", mosquitto.Port, false);
        await using var service = new BridgeService(new BridgeOptions { Vehicle = "r1", Broker = endpoint }, new SensorHandlerFactory());
        await service.StartAsync();
        await AcknowledgeAndCheckAsync(service, endpoint);
    }

    private static async Task AcknowledgeAndCheckAsync(BridgeService service, BrokerEndpoint endpoint)
    {
        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        await using var console = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "console", Subscriptions = [("rov/r1/alarms/#", 1), ("rov/r1/errors", 0)] },
            e =>
            {
                received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            });
        await console.StartAsync(TimeSpan.FromSeconds(30));

        // Altitude 0.8 m for 0.6 s of message time: "Altitude low" (below 1.0 m, 0.5 s dwell) is raised.
        for (var i = 0; i <= 6; i++)
        {
            await service.Alarms.AltitudeAsync(T0 + i * 100_000_000L, 0.8f, true, CancellationToken.None);
        }

        await WaitAsync(() => Active(received, "Altitude low") == "unacknowledged", "the alarm raised, unacknowledged");

        await console.PublishAsync(Message("{\"alarm\":\"Altitude low\"}"));
        await WaitAsync(() => Active(received, "Altitude low") == "acknowledged", "the acknowledged state in the retained list");
        Assert.Contains(received, m => m.Topic == "rov/r1/alarms/events" && m.Payload.Contains("\"transition\":\"acknowledged\"", StringComparison.Ordinal));
        Assert.Equal(Dsp.Pipelines.Alarms.AlarmState.AcknowledgedActive, service.Alarms.StateOf("Altitude low"));

        // Altitude back to 3 m: acknowledged and cleared, the alarm leaves the list.
        for (var i = 7; i <= 40; i++)
        {
            await service.Alarms.AltitudeAsync(T0 + i * 100_000_000L, 3f, true, CancellationToken.None);
        }

        await WaitAsync(() => Active(received, "Altitude low") is null && LastActive(received) is not null, "the cleared, acknowledged alarm gone");

        await console.PublishAsync(Message("not json"));
        await console.PublishAsync(Message("{\"alarm\":\"No such alarm\"}"));
        await WaitAsync(() => received.Any(m => m.Topic == "rov/r1/errors" && m.Payload.Contains("\"bad-ack\"", StringComparison.Ordinal))
            && received.Any(m => m.Topic == "rov/r1/errors" && m.Payload.Contains("\"unknown-alarm\"", StringComparison.Ordinal)), "both refusals reported");
    }

    private static MqttApplicationMessage Message(string payload) =>
        new MqttApplicationMessageBuilder().WithTopic("rov/r1/alarms/ack").WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static JsonElement? LastActive(ConcurrentQueue<(string Topic, string Payload)> received)
    {
        var last = received.LastOrDefault(m => m.Topic == "rov/r1/alarms/active");
        return last.Payload is null ? null : JsonDocument.Parse(last.Payload).RootElement.Clone();
    }

    // The state the last retained list gives the alarm, in "active" or "returned"; null when it is in neither.
    private static string? Active(ConcurrentQueue<(string Topic, string Payload)> received, string alarm)
    {
        if (LastActive(received) is not { } list)
        {
            return null;
        }

        foreach (var array in new[] { "active", "returned" })
        {
            foreach (var item in list.GetProperty(array).EnumerateArray())
            {
                if (item.GetProperty("alarm").GetString() == alarm)
                {
                    return item.GetProperty("state").GetString();
                }
            }
        }

        return null;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }
}
