using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Processing.Feeds;

namespace RovDsp.Perf.Latency;

/// <summary>
/// The outside subscriber as mosquitto_sub processes: a pilot's display is another program (usually on another
/// computer), so it neither shares the bridge's thread pool and GC nor adds an MQTTnet receive path of its own to
/// every figure. On this machine a bare MQTTnet publisher → mosquitto → subscriber hop of a 10 kB message at 20 Hz
/// took p50 0.77 ms / p99 3.0 ms with an MQTTnet subscriber and p50 0.29 ms / p99 0.98 ms with mosquitto_sub.
/// </summary>
/// <remarks>
/// One process prints the timed JSON feeds (altitude, slurry, obstacles) as <c>%U %t %p</c>: the receive time
/// (Unix seconds with nanoseconds, taken by mosquitto_sub when the message arrives, so pipe buffering does not
/// count), the topic and the payload; a second counts every other feed (images, alarms) by topic alone, without
/// printing binary payloads; a third subscribes to the first echosounder's and slurry line's raw topics and prints <c>%U %t %x</c> (receive
/// time, topic, payload in hex, of which only the wire header's publish stamp is read): the bare hop, publisher →
/// broker → a native client, measured at the same moment as the bridge's own (multibeam frames are left out: 360 KB
/// of hex each). The receive time is moved onto <see cref="HarnessClock"/> by the offset between the
/// system clock and the harness clock measured at connect (both advance at the same rate over a run).
/// </remarks>
public sealed class MosquittoSubFeedSubscriber : FeedSubscriber
{
    private const string RelayExecutable = "/usr/bin/mosquitto_pub";
    private readonly List<MosquittoSubscriberProcess> _subscribers = [];
    private Process? _relay;
    private long _clockOffsetNs;

    /// <summary>Times feeds of the bridge built by <paramref name="factory"/>.</summary>
    public MosquittoSubFeedSubscriber(HarnessHandlerFactory factory)
        : base(factory)
    {
    }

    /// <summary>Whether mosquitto_sub is installed.</summary>
    public static bool IsInstalled => MosquittoSubscriberProcess.IsInstalled && File.Exists(RelayExecutable);

    /// <inheritdoc/>
    public override async Task ConnectAsync(BrokerEndpoint endpoint, string vehicle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!IsInstalled)
        {
            throw new InvalidOperationException(MosquittoBroker.MissingMessage);
        }

        _clockOffsetNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 - HarnessClock.NowNs;
        string[] timed = [FeedNames.Altitude, FeedNames.Slurry, FeedNames.Obstacles];
        var timedArgs = new List<string>();
        var otherArgs = new List<string> { "-t", $"rov/{vehicle}/feed/#" };
        foreach (var feed in timed)
        {
            timedArgs.AddRange(["-t", $"rov/{vehicle}/feed/{feed}/+"]);
            otherArgs.AddRange(["-T", $"rov/{vehicle}/feed/{feed}/+"]);
        }

        // The native relay: the first echosounder's pings taken and published again as they are (in hex: mosquitto_pub
        // -l publishes lines) on a topic of their own, by the Mosquitto project's own clients. It is ready when its
        // first message comes back (the warm-up's), so nothing waits for it here.
        var relayTopic = $"rov/{vehicle}/relay/echosounder/echo1";
        StartRelay(endpoint, $"rov/{vehicle}/raw/echosounder/echo1", relayTopic);
        var subscribed = new[]
        {
            Start(endpoint, [.. timedArgs, "-F", "%U %t %p"], OnTimedLine),
            Start(endpoint, [.. otherArgs, "-F", "%t"], OnOtherLine),
            // The first copy's topics only (LoadSchedule's names), so this observer's own load stays that of 1x: at 16x,
            // printing every ping in hex backlogged it by tens of milliseconds and took CPU from what it measures.
            Start(endpoint, ["-t", $"rov/{vehicle}/raw/echosounder/echo1", "-t", $"rov/{vehicle}/raw/slurry/line1", "-t", relayTopic,
                "-F", "%U %t %x"], OnRawLine),
        };
        await Task.WhenAll(subscribed).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
        }

        if (_relay is not null)
        {
            try
            {
                _relay.Kill(entireProcessTree: true);
                await _relay.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _relay.Dispose();
        }
    }

    // mosquitto_sub's payloads in hex, one per line (stdbuf -oL: each line leaves when it is printed), piped into
    // mosquitto_pub -l, which publishes every line it reads as a message.
    private void StartRelay(BrokerEndpoint endpoint, string from, string to)
    {
        var host = endpoint.Host;
        var port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec /usr/bin/stdbuf -oL " + MosquittoSubscriberProcess.Executable + " -V mqttv5 -q 0 -h \"$1\" -p \"$2\" -t \"$3\" -F %x"
                               + " | exec " + RelayExecutable + " -V mqttv5 -q 0 -h \"$1\" -p \"$2\" -t \"$4\" -l");
        foreach (var argument in (string[])["relay", host, port, from, to])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the native relay did not start");
        _relay = process;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private Task Start(BrokerEndpoint endpoint, IEnumerable<string> arguments, Action<string> onLine)
    {
        var subscriber = MosquittoSubscriberProcess.Start(endpoint.Host, endpoint.Port, ["-V", "mqttv5", "-q", "0", .. arguments], onLine);
        _subscribers.Add(subscriber);
        return subscriber.Subscribed;
    }

    // "<seconds>.<nanoseconds> rov/{v}/feed/{feed}/{sensor} {json}"
    private void OnTimedLine(string line)
    {
        if (!TryParseLine(line, out var received, out var topic, out var json))
        {
            return;
        }

        Span<byte> head = stackalloc byte[64];
        var n = Encoding.ASCII.GetBytes(json[..Math.Min(json.Length, head.Length)], head);
        OnFeed(FeedOf(topic), head[..n], received);
    }

    // "<seconds>.<nanoseconds> rov/{v}/raw/{kind}/{sensor} <hex payload>"; the publish stamp is the wire header's
    // bytes 8..16, little-endian (InboundTimingHandler reads the same field).
    private void OnRawLine(string line)
    {
        if (!TryParseLine(line, out var received, out var topic, out var hex) || hex.Length < 32)
        {
            return;
        }

        Span<byte> stamp = stackalloc byte[8];
        if (topic.Contains("/relay/", StringComparison.Ordinal))
        {
            // Relayed in hex, printed in hex again: the header's bytes 8..16 are hex digits 32..64 of the line.
            Span<byte> digits = stackalloc byte[16];
            if (hex.Length >= 64 && Convert.FromHexString(hex.Slice(32, 32), digits, out _, out var read) == System.Buffers.OperationStatus.Done
                && read == 16 && Convert.FromHexString(Encoding.ASCII.GetString(digits), stamp, out _, out read) == System.Buffers.OperationStatus.Done
                && read == 8)
            {
                OnRelayed(MixKind.Ping, BinaryPrimitives.ReadInt64LittleEndian(stamp), received);
            }

            return;
        }

        var kind = topic.Contains("/raw/echosounder/", StringComparison.Ordinal) ? MixKind.Ping : MixKind.Slurry;
        if (Convert.FromHexString(hex.Slice(16, 16), stamp, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 8)
        {
            return;
        }

        OnRaw(kind, BinaryPrimitives.ReadInt64LittleEndian(stamp), received);
    }

    // Splits "<seconds>.<nanoseconds> <topic> <payload>" (mosquitto_sub's %U %t ...), the receive time moved onto
    // the harness clock.
    private bool TryParseLine(string line, out long receivedNs, out ReadOnlySpan<char> topic, out ReadOnlySpan<char> payload)
    {
        receivedNs = 0;
        topic = payload = default;
        var span = line.AsSpan();
        var space = span.IndexOf(' ');
        var dot = span.IndexOf('.');
        if (space < 0 || dot < 0 || dot > space
            || !long.TryParse(span[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !long.TryParse(span[(dot + 1)..space], NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            return false;
        }

        var rest = span[(space + 1)..];
        var topicEnd = rest.IndexOf(' ');
        if (topicEnd < 0)
        {
            return false;
        }

        receivedNs = seconds * 1_000_000_000L + nanoseconds - _clockOffsetNs;
        topic = rest[..topicEnd];
        payload = rest[(topicEnd + 1)..];
        return true;
    }

    private void OnOtherLine(string line)
    {
        if (line.StartsWith("rov/", StringComparison.Ordinal))
        {
            CountOther();
        }
    }
}
