using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using ServerPublishPacketFactory = MQTTnet.Server.Internal.Formatter.MqttPublishPacketFactory;

namespace RovDsp.Fuzz.Targets.Mqtt;

/// <summary>
/// MQTT packet parsing as the embedded broker (MQTTnet 5.2) sees a client's bytes: the input is the byte stream of one
/// TCP connection, read through MQTTnet's <see cref="MqttChannelAdapter"/> (fixed header, remaining length, protocol
/// version detection from the first packet, then each packet's decoder) until the stream ends or a packet is refused.
/// Invariants: a malformed stream is refused with <see cref="MqttProtocolViolationException"/> (MQTTnet's own
/// refusal, after which the broker closes the connection), never another exception; and each decoded PUBLISH, made
/// into the PUBLISH the broker forwards to a subscriber, either is refused by MQTTnet's encoder (the broker drops it)
/// or survives encode → decode → encode to the same bytes. Other packets are only decoded: the broker never encodes a CONNECT or SUBSCRIBE it received (and MQTTnet's encoder is stricter than its
/// decoder there: a v5 CONNECT with a password and no user name decodes but does not encode).
/// </summary>
/// <remarks>
/// What this does not cover: the bridge's own guard in front of MQTTnet (a bounded stream that refuses oversized
/// declared lengths before MQTTnet allocates, being written on another branch). It belongs in a target of its own
/// (see <see cref="FuzzTargets"/>), fed the same corpus as this one.
/// </remarks>
public sealed class MqttPacketTarget : IFuzzTarget
{
    // A fuzz input holds at most a few hundred packets; the cap only bounds the work of one input.
    private const int MaxPackets = 256;

    /// <inheritdoc />
    public string Name => "mqtt";

    /// <summary>Packets decoded from the last input (the corpus test checks that the seeds are whole connections).</summary>
    public int PacketsDecoded { get; private set; }

    /// <inheritdoc />
    public void Run(ReadOnlySpan<byte> input)
    {
        PacketsDecoded = 0;
        using var adapter = NewAdapter(input.ToArray(), MqttProtocolVersion.Unknown);
        for (var i = 0; i < MaxPackets; i++)
        {
            MqttPacket? packet;
            try
            {
                packet = adapter.ReceivePacketAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (MqttProtocolViolationException)
            {
                return;
            }
            catch (MqttCommunicationException e) when (IsRefusal(e))
            {
                return;
            }
            catch (MqttCommunicationException e)
            {
                // MQTTnet wraps every exception it did not throw on purpose: a parser bug, not a refusal.
                throw new FuzzFindingException($"mqtt: decoding failed with {Innermost(e).GetType().Name}: {Innermost(e).Message}", e);
            }

            if (packet is null)
            {
                return;
            }

            PacketsDecoded++;
            if (packet is MqttPublishPacket publish)
            {
                CheckForwarding(adapter.PacketFormatterAdapter.ProtocolVersion, publish);
            }
        }
    }

    // When a read completes at once (as from this buffer, or a socket with data waiting), MQTTnet 5.2 takes the task's
    // Result, so its own refusal arrives wrapped in an AggregateException and then a MqttCommunicationException.
    private static bool IsRefusal(Exception e) => Innermost(e) is MqttProtocolViolationException;

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    // What the broker does with an accepted PUBLISH: an application message, then for each subscriber a new PUBLISH
    // from MQTTnet.Server's own factory with a packet identifier of the subscriber's session, encoded for that
    // subscriber's protocol version (the publisher's, or 3.1.1 for an older client).
    private static void CheckForwarding(MqttProtocolVersion version, MqttPublishPacket received)
    {
        var message = MqttApplicationMessageFactory.Create(received);
        foreach (var subscriber in version == MqttProtocolVersion.V311 ? [version] : new[] { version, MqttProtocolVersion.V311 })
        {
            var forwarded = ServerPublishPacketFactory.Create(message);
            if (forwarded.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
            {
                forwarded.PacketIdentifier = 1;
            }

            CheckRoundTrip(subscriber, forwarded);
        }
    }

    private static void CheckRoundTrip(MqttProtocolVersion version, MqttPacket packet)
    {
        var first = Encode(version, packet);
        if (first is null)
        {
            // MQTTnet's decoder is laxer than its encoder (a QoS 0 PUBLISH with DUP set decodes; the forwarded copy
            // keeps DUP and does not encode). The broker then drops that message for its subscribers and keeps them
            // connected (tests/RovDsp.Bridge.Tests/Fuzz/MalformedPublishTests.cs), so this is a refusal, not a finding.
            return;
        }

        using var again = NewAdapter(first, version);
        MqttPacket? decoded;
        try
        {
            decoded = again.ReceivePacketAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is MqttProtocolViolationException or MqttCommunicationException)
        {
            throw new FuzzFindingException($"mqtt: a forwarded {packet.GetType().Name} encoded is refused: {Innermost(e).Message}", e);
        }

        if (decoded is null || decoded.GetType() != packet.GetType())
        {
            throw new FuzzFindingException($"mqtt: a forwarded {packet.GetType().Name} encoded decodes as {decoded?.GetType().Name ?? "nothing"}");
        }

        var second = Encode(version, decoded);
        if (second is null || !first.AsSpan().SequenceEqual(second))
        {
            throw new FuzzFindingException($"mqtt: a forwarded {packet.GetType().Name} changed through encode → decode → encode");
        }
    }

    private static byte[]? Encode(MqttProtocolVersion version, MqttPacket packet)
    {
        var formatter = new MqttPacketFormatterAdapter(version, new MqttBufferWriter(4096, 65535));
        try
        {
            return formatter.Encode(packet).ToArray();
        }
        catch (MqttProtocolViolationException)
        {
            return null;
        }
    }

    // Unknown: the version is detected from the first packet, as for a new connection.
    private static MqttChannelAdapter NewAdapter(byte[] bytes, MqttProtocolVersion version)
    {
        var writer = new MqttBufferWriter(4096, 65535);
        var formatter = version == MqttProtocolVersion.Unknown ? new MqttPacketFormatterAdapter(writer) : new MqttPacketFormatterAdapter(version, writer);
        return new MqttChannelAdapter(new BufferChannel(bytes), formatter, MqttNetNullLogger.Instance);
    }
}
