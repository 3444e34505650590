using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>
/// The shipped example files (docs/security/passwd.example, acl.example) loaded into mosquitto 2.0.11 and into the
/// embedded broker give the same answers, and those answers are the roles of issue 16: sensors publish raw input,
/// the bridge alone publishes feeds, alarms, status, metrics and errors, pilots read feeds, alarms and status and
/// acknowledge alarms, engineers read everything. Each answer is what real clients observe (a message arriving or
/// not, CONNACK and PUBACK codes), asked the same way of both brokers.
/// </summary>
public class SameAnswersFromBothBrokersTests(Xunit.Abstractions.ITestOutputHelper log)
{
    internal static readonly Dictionary<string, string> Passwords = new()
    {
        ["rovdsp-bridge"] = "bridge-example-pw",
        ["sensor1"] = "sensor-example-pw",
        ["pilot1"] = "pilot-example-pw",
        ["engineer1"] = "engineer-example-pw",
    };

    internal static string PasswordExample => Path.Combine(RepoFiles.Root, "docs", "security", "passwd.example");

    internal static string AclExample => Path.Combine(RepoFiles.Root, "docs", "security", "acl.example");

    private static readonly string[] Topics =
    [
        "rov/r1/raw/echosounder/echo1", "rov/r1/raw/echosounder/echo9", "rov/r1/feed/altitude/echo1", "rov/r1/alarms/active",
        "rov/r1/alarms/events", "rov/r1/alarms/ack", "rov/r1/status", "rov/r1/metrics", "rov/r1/errors", "other/topic",
    ];

    // The roles, written from the issue's text, not from either broker.
    private static bool MayWrite(string user, string topic) => user switch
    {
        "rovdsp-bridge" => topic.Contains("/feed/", StringComparison.Ordinal) || topic.EndsWith("/alarms/active", StringComparison.Ordinal)
                           || topic.EndsWith("/alarms/events", StringComparison.Ordinal) || topic.EndsWith("/status", StringComparison.Ordinal)
                           || topic.EndsWith("/metrics", StringComparison.Ordinal) || topic.EndsWith("/errors", StringComparison.Ordinal),
        "sensor1" => topic.Contains("/raw/", StringComparison.Ordinal),
        "pilot1" => topic.EndsWith("/alarms/ack", StringComparison.Ordinal),
        _ => false,
    };

    private static bool MayRead(string user, string topic) => user switch
    {
        "rovdsp-bridge" => topic.Contains("/raw/", StringComparison.Ordinal) || topic.EndsWith("/alarms/ack", StringComparison.Ordinal),
        "pilot1" => topic.Contains("/feed/", StringComparison.Ordinal) || topic.Contains("/alarms/", StringComparison.Ordinal)
                    || topic.EndsWith("/status", StringComparison.Ordinal),
        "engineer1" => true,
        _ => false,
    };

    private sealed record Answers(SortedDictionary<string, string> Rows);

    [MosquittoFact]
    public async Task Example_password_and_acl_files_give_the_same_answers_in_mosquitto_and_the_embedded_broker()
    {
        Answers embedded;
        await using (var broker = await EmbeddedBroker.StartAsync(new EmbeddedBrokerOptions { Port = 0, PasswordFile = PasswordExample, AclFile = AclExample }))
        {
            embedded = await AskAsync(broker.Port);
            // Every refusal was counted: 4 connections, and each denied publish.
            var counters = broker.Security.Counters;
            Assert.Equal(1, counters.ConnectionsRefusedNotAuthorized);
            Assert.Equal(2, counters.ConnectionsRefusedBadCredentials);
            Assert.Equal(Passwords.Keys.Sum(u => Topics.Count(t => !MayWrite(u, t))), counters.PublishesDenied);
        }

        Answers mosquitto;
        await using (var broker = await MosquittoBroker.StartAsync($"allow_anonymous false\npassword_file {PasswordExample}\nacl_file {AclExample}"))
        {
            mosquitto = await AskAsync(broker.Port);
        }

        foreach (var (row, answer) in embedded.Rows)
        {
            log.WriteLine($"{row,-60} embedded {answer,-22} mosquitto {mosquitto.Rows.GetValueOrDefault(row)}");
        }

        // CONNACK codes differ on purpose: mosquitto 2.0.11 answers NotAuthorized to a wrong password too, the embedded
        // broker BadUserNameOrPassword (MQTT 5's code for it, so a client can say which). Refused is refused in both.
        static string Same(string row, string answer) => row.StartsWith("connect ", StringComparison.Ordinal) && answer != "Success" ? "refused" : answer;
        Assert.Equal(
            mosquitto.Rows.Select(r => (r.Key, Same(r.Key, r.Value))),
            embedded.Rows.Select(r => (r.Key, Same(r.Key, r.Value))));
        Assert.Equal("NotAuthorized", mosquitto.Rows["connect pilot1 wrong password"]);
        // And both are the roles.
        foreach (var user in Passwords.Keys)
        {
            foreach (var topic in Topics)
            {
                Assert.Equal(MayWrite(user, topic) ? "delivered" : "dropped", embedded.Rows[$"write {user} {topic}"].Split(' ')[0]);
                if (embedded.Rows.TryGetValue($"read {user} {topic}", out var read))
                {
                    Assert.Equal(MayRead(user, topic) ? "received" : "not received", read);
                }
            }
        }

        Assert.Equal("Success", embedded.Rows["connect pilot1 right password"]);
        Assert.Equal("NotAuthorized", embedded.Rows["connect anonymous"]);
        Assert.Equal("BadUserNameOrPassword", embedded.Rows["connect pilot1 wrong password"]);
        Assert.Equal("BadUserNameOrPassword", embedded.Rows["connect unknown user"]);
    }

    private static async Task<Answers> AskAsync(int port)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task Connect(string row, string? user, string? password)
        {
            await using var probe = await MqttProbe.ConnectAsync(port, "probe-connect", user, password);
            rows[row] = probe.ConnectCode.ToString();
        }

        await Connect("connect anonymous", null, null);
        await Connect("connect pilot1 wrong password", "pilot1", "not-the-password");
        await Connect("connect unknown user", "mallory", "whatever");
        await Connect("connect pilot1 right password", "pilot1", Passwords["pilot1"]);

        var clients = new Dictionary<string, MqttProbe>();
        try
        {
            foreach (var (user, password) in Passwords)
            {
                var probe = await MqttProbe.ConnectAsync(port, "probe-" + user, user, password);
                Assert.Equal(MqttClientConnectResultCode.Success, probe.ConnectCode);
                clients[user] = probe;
            }

            // Writes: the engineer reads everything, so a publish is allowed exactly when it reaches the engineer.
            var engineer = clients["engineer1"];
            await engineer.SubscribeAsync("#");
            var codes = new Dictionary<string, MqttClientPublishReasonCode>();
            foreach (var (user, probe) in clients)
            {
                foreach (var topic in Topics)
                {
                    codes[$"{user} {topic}"] = await probe.PublishAsync(topic, $"w|{user}|{topic}");
                }
            }

            await Sentinel(clients, engineer, "sentinel-write");
            foreach (var (key, code) in codes)
            {
                var user = key[..key.IndexOf(' ', StringComparison.Ordinal)];
                var topic = key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                var delivered = engineer.Received.Any(m => m.Payload == $"w|{user}|{topic}");
                rows[$"write {key}"] = (delivered ? "delivered" : "dropped") + " puback " + code;
            }

            // Reads: each user subscribes to each topic; someone allowed to write it publishes once.
            foreach (var (_, probe) in clients)
            {
                await probe.SubscribeAsync([.. Topics.Where(t => t != "other/topic")]);
            }

            foreach (var topic in Topics.Where(t => t != "other/topic"))
            {
                var writer = new[] { "rovdsp-bridge", "sensor1", "pilot1" }.First(u => MayWrite(u, topic));
                await clients[writer].PublishAsync(topic, $"r|{topic}");
            }

            await Sentinel(clients, engineer, "sentinel-read");
            foreach (var (user, probe) in clients)
            {
                foreach (var topic in Topics.Where(t => t != "other/topic"))
                {
                    rows[$"read {user} {topic}"] = probe.Received.Any(m => m.Payload == $"r|{topic}" && m.Topic == topic) ? "received" : "not received";
                }
            }
        }
        finally
        {
            foreach (var probe in clients.Values)
            {
                await probe.DisposeAsync();
            }
        }

        return new Answers(rows);
    }

    // Every publish above was acknowledged (QoS 1) before this one, so once the engineer has the sentinel the broker
    // has routed them all; a short grace lets the last deliveries cross the socket.
    private static async Task Sentinel(Dictionary<string, MqttProbe> clients, MqttProbe engineer, string payload)
    {
        await clients["rovdsp-bridge"].PublishAsync("rov/r1/status", payload);
        Assert.True(await engineer.WaitForAsync(payload, TimeSpan.FromSeconds(10)), "the sentinel never arrived");
        await Task.Delay(300);
    }
}
