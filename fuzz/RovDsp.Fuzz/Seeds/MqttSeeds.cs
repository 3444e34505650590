using System.Text;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace RovDsp.Fuzz.Seeds;

/// <summary>Seeds of the MQTT target: client connections as MQTTnet's own encoder writes them, for MQTT 3.1, 3.1.1
/// and 5.0, each a CONNECT followed by the packets a sensor, a pilot view or an engineer's tool sends, the
/// publishes carrying real wire payloads of a recording.</summary>
internal static class MqttSeeds
{
    public static IEnumerable<(string, byte[])> Create(string recording)
    {
        var slice = RecordingSlice.Read(recording, perTopic: 1, maxBytes: 2048);
        var slurry = slice.First("raw/slurry") ?? [1, 2, 3];
        var scanning = slice.First("raw/scanning") ?? [4, 5, 6];

        foreach (var version in new[] { MqttProtocolVersion.V310, MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            var v = version switch { MqttProtocolVersion.V310 => "v310", MqttProtocolVersion.V311 => "v311", _ => "v500" };
            var v5 = version == MqttProtocolVersion.V500;

            yield return ($"{v}-sensor-publishes", Stream(version,
                Connect(v5, "sensor-echo1", "sensor", will: false),
                Publish(v5, "rov/rov1/raw/slurry/line1", slurry, MqttQualityOfServiceLevel.AtMostOnce, 0, retain: false),
                Publish(v5, "rov/rov1/raw/scanning/scan1", scanning, MqttQualityOfServiceLevel.AtLeastOnce, 7, retain: false),
                new MqttPingReqPacket(),
                new MqttDisconnectPacket()));

            yield return ($"{v}-pilot-subscribes", Stream(version,
                Connect(v5, "pilot-1", "pilot", will: true),
                new MqttSubscribePacket
                {
                    PacketIdentifier = 1,
                    TopicFilters =
                    [
                        new MqttTopicFilter { Topic = "rov/rov1/feed/#", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce },
                        new MqttTopicFilter { Topic = "rov/+/alarms/active", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, NoLocal = v5, RetainAsPublished = v5 },
                    ],
                },
                Publish(v5, "rov/rov1/alarms/ack", Encoding.UTF8.GetBytes("{\"id\":\"altimeter-stale\"}"), MqttQualityOfServiceLevel.ExactlyOnce, 9, retain: false),
                new MqttPubRelPacket { PacketIdentifier = 9 },
                new MqttPubAckPacket { PacketIdentifier = 3 },
                new MqttPubRecPacket { PacketIdentifier = 4 },
                new MqttPubCompPacket { PacketIdentifier = 5 },
                new MqttUnsubscribePacket { PacketIdentifier = 2, TopicFilters = ["rov/rov1/feed/#"] },
                new MqttDisconnectPacket()));

            yield return ($"{v}-retained-status", Stream(version,
                Connect(v5, "rovdsp-bridge", "bridge", will: false),
                Publish(v5, "rov/rov1/status", Encoding.UTF8.GetBytes("{\"state\":\"running\"}"), MqttQualityOfServiceLevel.AtLeastOnce, 1, retain: true)));
        }

        yield return ("v500-auth", Stream(MqttProtocolVersion.V500,
            Connect(true, "engineer-1", "engineer", will: false) is var c ? WithAuth(c) : null!,
            new MqttAuthPacket { ReasonCode = MqttAuthenticateReasonCode.ContinueAuthentication, AuthenticationMethod = "SCRAM-SHA-1", AuthenticationData = [1, 2, 3, 4] },
            new MqttDisconnectPacket { ReasonCode = MqttDisconnectReasonCode.NormalDisconnection, ReasonString = "bye", SessionExpiryInterval = 10 }));
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => Encoding.UTF8.GetBytes(value);

    private static MqttConnectPacket WithAuth(MqttConnectPacket connect)
    {
        connect.AuthenticationMethod = "SCRAM-SHA-1";
        connect.AuthenticationData = [9, 8, 7];
        return connect;
    }

    private static MqttConnectPacket Connect(bool v5, string clientId, string user, bool will)
    {
        var connect = new MqttConnectPacket
        {
            ClientId = clientId,
            Username = user,
            Password = Encoding.UTF8.GetBytes(user + "-secret"),
            CleanSession = true,
            KeepAlivePeriod = 15,
        };
        if (will)
        {
            connect.WillFlag = true;
            connect.WillTopic = "rov/rov1/clients/" + clientId;
            connect.WillMessage = Encoding.UTF8.GetBytes("gone");
            connect.WillQoS = MqttQualityOfServiceLevel.AtLeastOnce;
            connect.WillRetain = true;
        }

        if (v5)
        {
            connect.SessionExpiryInterval = 60;
            connect.ReceiveMaximum = 100;
            connect.MaximumPacketSize = 1 << 20;
            connect.TopicAliasMaximum = 10;
            connect.RequestProblemInformation = true;
            connect.UserProperties = [new MqttUserProperty("role", Utf8(user))];
            if (will)
            {
                connect.WillDelayInterval = 5;
                connect.WillContentType = "text/plain";
                connect.WillUserProperties = [new MqttUserProperty("why", Utf8("lost"))];
            }
        }

        return connect;
    }

    private static MqttPublishPacket Publish(bool v5, string topic, byte[] payload, MqttQualityOfServiceLevel qos, ushort id, bool retain)
    {
        var publish = new MqttPublishPacket
        {
            Topic = topic,
            PayloadSegment = payload,
            QualityOfServiceLevel = qos,
            PacketIdentifier = id,
            Retain = retain,
        };
        if (v5)
        {
            publish.ContentType = "application/x-rovdsp-wire";
            publish.MessageExpiryInterval = 30;
            publish.ResponseTopic = "rov/rov1/replies";
            publish.CorrelationData = [0xCA, 0xFE];
            publish.UserProperties = [new MqttUserProperty("sensor", Utf8("line1"))];
            publish.PayloadFormatIndicator = MqttPayloadFormatIndicator.Unspecified;
        }

        return publish;
    }

    private static byte[] Stream(MqttProtocolVersion version, params MqttPacket[] packets)
    {
        var formatter = new MqttPacketFormatterAdapter(version, new MqttBufferWriter(4096, 65535));
        var bytes = new List<byte>();
        foreach (var packet in packets)
        {
            bytes.AddRange(formatter.Encode(packet).ToArray());
            formatter.Cleanup();
        }

        return [.. bytes];
    }
}
