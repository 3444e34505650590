using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>
/// The spoofing attacks of issue 16's "Why", each against the bridge running its embedded broker with the example
/// password file and ACL (docs/security): none reaches a pipeline or a pilot, and each refusal is counted. And on
/// the loopback-only default without a password file: local anonymous clients still work (demos, play), but the
/// bridge's session still cannot be taken over.
/// </summary>
public class SpoofingAttackTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const string Echo1 = "rov/r1/raw/echosounder/echo1";
    private static readonly Dictionary<string, string> Passwords = SameAnswersFromBothBrokersTests.Passwords;

    private static BridgeOptions Secured => new()
    {
        Vehicle = "r1",
        EmbeddedPort = 0,
        ErrorReportsPerSecond = 1000,
        MetricsInterval = TimeSpan.FromMilliseconds(100),
        Embedded = new EmbeddedBrokerOptions
        {
            PasswordFile = SameAnswersFromBothBrokersTests.PasswordExample,
            AclFile = SameAnswersFromBothBrokersTests.AclExample,
        },
    };

    /// <summary>Encoded echosounder pings of a nominal dive.</summary>
    internal static List<byte[]> Pings(int count)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 7, TimeSpan.FromSeconds(60)));
        var echo = new EchosounderSimulator(world);
        var pings = new List<byte[]>();
        while (echo.HasNext && pings.Count < count)
        {
            var ping = echo.Next().Ping;
            var bytes = new byte[EchosounderPingCodec.GetEncodedLength(ping)];
            EchosounderPingCodec.Encode(ping, bytes);
            pings.Add(bytes);
        }

        return pings;
    }

    // Success, or NoMatchingSubscribers (the bridge takes raw input inside the broker, not by subscribing).
    private static bool Accepted(MqttClientPublishReasonCode code) => (int)code < 0x80;

    [Fact]
    public async Task Crafted_pings_and_a_new_sensor_id_from_users_who_are_not_sensors_reach_no_pipeline_and_are_counted()
    {
        await using var service = new BridgeService(Secured, new SensorHandlerFactory());
        await service.StartAsync();
        var port = service.EmbeddedBroker!.Port;
        await using var sensor = await MqttProbe.ConnectAsync(port, "sensor-echo1", "sensor1", Passwords["sensor1"]);
        await using var pilot = await MqttProbe.ConnectAsync(port, "pilot-display", "pilot1", Passwords["pilot1"]);
        await using var engineer = await MqttProbe.ConnectAsync(port, "engineer-laptop", "engineer1", Passwords["engineer1"]);
        await engineer.SubscribeAsync("rov/r1/errors", "rov/r1/metrics");

        var pings = Pings(140);
        // The true sensor's 20 pings, then 120 crafted ones from a pilot's login on the same topic, then a new
        // sensor id from the pilot and from the engineer.
        foreach (var ping in pings.Take(20))
        {
            Assert.True(Accepted(await sensor.PublishBytesAsync(Echo1, ping)));
        }

        foreach (var ping in pings.Skip(20))
        {
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishBytesAsync(Echo1, ping));
        }

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishBytesAsync("rov/r1/raw/echosounder/echo9", pings[0]));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await engineer.PublishBytesAsync("rov/r1/raw/echosounder/echo9", pings[0]));

        await EmbeddedBrokerLinkTests.WaitUntil(() => service.Workers.TryGetValue(Echo1, out var w) && w!.Handled + w.Dropped == 20);
        Assert.Equal(20, service.RawReceived);
        Assert.Equal([Echo1], service.Workers.Keys);
        Assert.Equal(122, service.EmbeddedBroker.Security.Counters.PublishesDenied);

        // Counted in the metrics and reported on the errors topic (which the engineer may read).
        await EmbeddedBrokerLinkTests.WaitUntil(() => engineer.Received.Any(m => m.Topic == "rov/r1/metrics" && m.Payload.Contains("\"publishesDenied\":122", StringComparison.Ordinal)));
        await EmbeddedBrokerLinkTests.WaitUntil(() => engineer.Received.Any(m => m.Topic == "rov/r1/errors" && m.Payload.Contains("broker-publish-denied", StringComparison.Ordinal)));
        var error = engineer.Received.First(m => m.Topic == "rov/r1/errors" && m.Payload.Contains("broker-publish-denied", StringComparison.Ordinal));
        log.WriteLine(error.Payload);
        Assert.Contains("pilot1", error.Payload, StringComparison.Ordinal);
        Assert.True(service.Errors.Counts.TryGetValue("broker-publish-denied", out var reported) && reported == 122);
    }

    [Fact]
    public async Task A_client_publishing_feeds_retained_alarms_or_status_never_reaches_a_pilot()
    {
        await using var service = new BridgeService(Secured, new SensorHandlerFactory());
        await service.StartAsync();
        var port = service.EmbeddedBroker!.Port;
        await using var sensor = await MqttProbe.ConnectAsync(port, "sensor-echo1", "sensor1", Passwords["sensor1"]);
        await using var pilot = await MqttProbe.ConnectAsync(port, "pilot-display", "pilot1", Passwords["pilot1"]);
        await pilot.SubscribeAsync("rov/r1/#");

        // A sensor's login (or the pilot's own) writing a feed, a retained empty alarm list and a fake status.
        const string Spoof = """{"altitudeM":25.0,"valid":true}""";
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await sensor.PublishAsync("rov/r1/feed/altitude/echo1", Spoof));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishAsync("rov/r1/feed/altitude/echo1", Spoof));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await sensor.PublishAsync("rov/r1/alarms/active", "", retain: true));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await pilot.PublishAsync("rov/r1/status", """{"state":"online","client":"evil"}""", retain: true));

        // Real pings make real feeds, which the pilot does get.
        foreach (var ping in Pings(30))
        {
            Assert.True(Accepted(await sensor.PublishBytesAsync(Echo1, ping)));
        }

        await EmbeddedBrokerLinkTests.WaitUntil(() => pilot.Received.Any(m => m.Topic == "rov/r1/feed/altitude/echo1"));
        Assert.DoesNotContain(pilot.Received, m => m.Payload == Spoof || m.Payload.Contains("evil", StringComparison.Ordinal));
        // The pilot read no raw input either (the ACL's read side, delivery by delivery).
        Assert.DoesNotContain(pilot.Received, m => m.Topic.Contains("/raw/", StringComparison.Ordinal));
        Assert.True(service.EmbeddedBroker.Security.Counters.DeliveriesDenied >= 30);

        // A display that connects later gets the bridge's retained status, and no empty alarm list.
        await using var later = await MqttProbe.ConnectAsync(port, "pilot-display-2", "pilot1", Passwords["pilot1"]);
        await later.SubscribeAsync("rov/r1/status", "rov/r1/alarms/active");
        await EmbeddedBrokerLinkTests.WaitUntil(() => later.Received.Any(m => m.Topic == "rov/r1/status"));
        var status = later.Received.Single(m => m.Topic == "rov/r1/status");
        using (var doc = JsonDocument.Parse(status.Payload))
        {
            Assert.Equal("rovdsp-bridge", doc.RootElement.GetProperty("client").GetString());
            Assert.Equal("online", doc.RootElement.GetProperty("state").GetString());
        }

        Assert.DoesNotContain(later.Received, m => m.Topic == "rov/r1/alarms/active" && m.Payload.Length == 0);
        Assert.Equal(4, service.EmbeddedBroker.Security.Counters.PublishesDenied);
    }

    [Fact]
    public async Task The_bridge_client_id_cannot_be_taken_over_3_times_of_3_nor_a_users_session_by_another_user()
    {
        await using var service = new BridgeService(Secured, new SensorHandlerFactory());
        await service.StartAsync();
        var port = service.EmbeddedBroker!.Port;
        // A pilot's login, the bridge user's file password (as someone who stole it from a mosquitto setup would),
        // and a sensor's login on the bulk link's id.
        (string Id, string User, string Password)[] attempts =
        [
            ("rovdsp-bridge", "pilot1", Passwords["pilot1"]),
            ("rovdsp-bridge", "rovdsp-bridge", Passwords["rovdsp-bridge"]),
            ("rovdsp-bridge-bulk", "sensor1", Passwords["sensor1"]),
        ];
        foreach (var (id, user, password) in attempts)
        {
            await using var thief = await MqttProbe.ConnectAsync(port, id, user, password);
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, thief.ConnectCode);
        }

        await Task.Delay(200);
        Assert.True(service.Link!.IsConnected && service.BulkLink!.IsConnected);
        Assert.Equal(0, service.Link.Disconnects);
        Assert.Equal(0, service.BulkLink.Disconnects);
        Assert.Equal(3, service.EmbeddedBroker.Security.Counters.ConnectionsRefusedClientId);

        // Another user's session is no one else's either; the same user may reconnect (take over its own).
        await using var display = await MqttProbe.ConnectAsync(port, "pilot-display", "pilot1", Passwords["pilot1"]);
        await using (var other = await MqttProbe.ConnectAsync(port, "pilot-display", "engineer1", Passwords["engineer1"]))
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, other.ConnectCode);
        }

        Assert.True(display.IsConnected);
        await using (var again = await MqttProbe.ConnectAsync(port, "pilot-display", "pilot1", Passwords["pilot1"]))
        {
            Assert.Equal(MqttClientConnectResultCode.Success, again.ConnectCode);
        }

        // Once the session is gone the id is free again (the binding lives as long as the session, no longer).
        await display.DisposeAsync();
        // (The broker drops the session a moment after the disconnect: try for a few seconds.)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        MqttClientConnectResultCode code;
        while (true)
        {
            await using (var engineer = await MqttProbe.ConnectAsync(port, "pilot-display", "engineer1", Passwords["engineer1"]))
            {
                code = engineer.ConnectCode;
            }

            if (code == MqttClientConnectResultCode.Success || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(MqttClientConnectResultCode.Success, code);
    }

    [Fact]
    public async Task With_a_password_file_no_unauthenticated_client_gets_in_to_publish_anything()
    {
        await using var service = new BridgeService(Secured, new SensorHandlerFactory());
        await service.StartAsync();
        var port = service.EmbeddedBroker!.Port;
        await using var anonymous = await MqttProbe.ConnectAsync(port, "anon", null, null);
        await using var wrong = await MqttProbe.ConnectAsync(port, "guess", "sensor1", "sensor1");
        await using var unknown = await MqttProbe.ConnectAsync(port, "ghost", "ghost", "x");
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, anonymous.ConnectCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong.ConnectCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknown.ConnectCode);
        Assert.False(anonymous.IsConnected || wrong.IsConnected || unknown.IsConnected);
        var counters = service.EmbeddedBroker.Security.Counters;
        Assert.Equal(1, counters.ConnectionsRefusedNotAuthorized);
        Assert.Equal(2, counters.ConnectionsRefusedBadCredentials);
        using var metrics = JsonDocument.Parse(service.MetricsJson());
        var refused = metrics.RootElement.GetProperty("broker").GetProperty("connectionsRefused");
        Assert.Equal(1, refused.GetProperty("notAuthorized").GetInt64());
        Assert.Equal(2, refused.GetProperty("badCredentials").GetInt64());
        Assert.Equal(0, service.RawReceived);
    }

    [Fact]
    public async Task On_the_loopback_default_without_a_password_file_local_clients_are_anonymous_but_cannot_take_the_bridge_session()
    {
        await using var service = new BridgeService(new BridgeOptions { Vehicle = "r1", EmbeddedPort = 0 }, new SensorHandlerFactory());
        await service.StartAsync();
        var port = service.EmbeddedBroker!.Port;

        // Listening on loopback only: 127.0.0.1, and ::1 where the machine has IPv6; no wildcard, nothing else.
        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(e => e.Port == port).ToList();
        log.WriteLine(string.Join(", ", listeners));
        Assert.Contains(listeners, e => e.Address.Equals(IPAddress.Loopback));
        Assert.All(listeners, e => Assert.True(IPAddress.IsLoopback(e.Address), $"listening on {e}"));
        Assert.Equal(EmbeddedBrokerOptions.LoopbackAddresses.Count, listeners.Count);

        // A demo: anonymous publisher and viewer.
        await using var publisher = await MqttProbe.ConnectAsync(port, "demo-player", null, null);
        await using var viewer = await MqttProbe.ConnectAsync(port, "demo-view", null, null);
        Assert.Equal(MqttClientConnectResultCode.Success, publisher.ConnectCode);
        await viewer.SubscribeAsync("rov/r1/feed/#");
        foreach (var ping in Pings(30))
        {
            await publisher.PublishBytesAsync(Echo1, ping);
        }

        await EmbeddedBrokerLinkTests.WaitUntil(() => viewer.Received.Any(m => m.Topic == "rov/r1/feed/altitude/echo1"));

        // The bridge's ids stay the bridge's: anonymous, claiming its user name, with any password.
        string?[] users = [null, "rovdsp-bridge", "rovdsp-bridge"];
        string?[] passwords = [null, "", "guess"];
        for (var i = 0; i < 3; i++)
        {
            await using var thief = await MqttProbe.ConnectAsync(port, "rovdsp-bridge", users[i], passwords[i]);
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, thief.ConnectCode);
        }

        await Task.Delay(200);
        Assert.True(service.Link!.IsConnected);
        Assert.Equal(0, service.Link.Disconnects);
        Assert.Equal(3, service.EmbeddedBroker.Security.Counters.ConnectionsRefusedClientId);
    }
}
