using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// Counts every rejected input by reason and reports a sample of them on the errors topic at a bounded rate
/// (a token bucket), so a flood of garbage is fully accounted for in metrics without flooding the broker or
/// slowing the workers: <see cref="Report"/> never blocks and never publishes itself.
/// </summary>
public sealed class ErrorReporter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly TokenBucket _limiter;
    private readonly TimeProvider _time;
    private readonly Channel<ErrorReport> _pending = Channel.CreateBounded<ErrorReport>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropNewest, SingleReader = true });
    private long _total;
    private long _suppressed;

    /// <summary>Creates a reporter allowing <paramref name="reportsPerSecond"/> reports on average.</summary>
    /// <param name="reportsPerSecond">Average reports allowed per second.</param>
    /// <param name="timeProvider">The rate limiter's clock and the reports' time: <see cref="TimeProvider.System"/>
    /// when null.</param>
    public ErrorReporter(double reportsPerSecond, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _limiter = new TokenBucket(reportsPerSecond, Math.Max(1, (int)Math.Ceiling(reportsPerSecond)), _time);
    }

    /// <summary>Longest source (topic, sensor) in a report, in characters.</summary>
    public const int MaxSourceLength = 160;

    /// <summary>Longest detail in a report, in characters.</summary>
    public const int MaxDetailLength = 400;

    /// <summary>All errors counted.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Errors counted but not reported individually (over the rate).</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Counts by reason.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Counts one error; reports it if the rate allows.</summary>
    /// <param name="source">Topic or sensor the input came from.</param>
    /// <param name="reason">Short machine-readable reason (for example <c>truncated</c>, <c>unknown-sensor</c>).</param>
    /// <param name="detail">Human-readable detail; built only when reported, so pass a constant or cheap string.</param>
    public void Report(string source, string reason, string detail)
    {
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate(reason, 1, static (_, v) => v + 1);
        if (_limiter.TryAcquire())
        {
            // Cut to size: a report must never echo a 65 KB topic or payload back onto the broker.
            _pending.Writer.TryWrite(new ErrorReport(Truncate(source, MaxSourceLength), reason, Truncate(detail, MaxDetailLength), _time.GetUtcNow().UtcDateTime));
        }
        else
        {
            Interlocked.Increment(ref _suppressed);
        }
    }

    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…(", text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), " chars)");

    /// <summary>Reports waiting to be published (read by the service's publishing loop).</summary>
    public ChannelReader<ErrorReport> Pending => _pending.Reader;

    /// <summary>The JSON payload of one report.</summary>
    public byte[] ToJson(in ErrorReport report)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "t", report.Time);
            json.WriteString("source", report.Source);
            json.WriteString("reason", report.Reason);
            json.WriteString("detail", report.Detail);
            json.WriteNumber("count", _counts.TryGetValue(report.Reason, out var c) ? c : 0);
            json.WriteNumber("total", Total);
            json.WriteNumber("suppressed", Suppressed);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
