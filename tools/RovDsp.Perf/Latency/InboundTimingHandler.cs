using System.Buffers.Binary;
using System.Diagnostics;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;

namespace RovDsp.Perf.Latency;

/// <summary>Wraps a bridge handler to record the inbound leg, raw publish (the wire header's timestamp, which the
/// harness's publisher sets) to the bridge's MQTT receive handler (the timestamp the worker was given), the
/// queue wait, receive handler to dequeue, and the worker's whole time per message, dequeue to handled (decode,
/// pipeline, feed JSON, feed publish, alarms): with the bridge's own figures they split the end-to-end latency.</summary>
public sealed class InboundTimingHandler : ISensorHandler
{
    private readonly ISensorHandler _inner;
    private readonly LatencyRecorder _inbound;
    private readonly LatencyRecorder _queued;
    private readonly LatencyRecorder _handled;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public InboundTimingHandler(ISensorHandler inner, LatencyRecorder inbound, LatencyRecorder queued, LatencyRecorder handled)
    {
        _inner = inner;
        _inbound = inbound;
        _queued = queued;
        _handled = handled;
    }

    /// <inheritdoc/>
    public ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _queued.RecordSince(receivedTimestamp);
        if (payload.Length >= 16)
        {
            var published = BinaryPrimitives.ReadInt64LittleEndian(payload.Span[8..]);
            _inbound.RecordMicroseconds((HarnessClock.FromTimestamp(receivedTimestamp) - published) / 1000);
        }

        var handled = _inner.HandleAsync(payload, receivedTimestamp, cancellationToken);
        if (handled.IsCompletedSuccessfully)
        {
            _handled.RecordSince(start);
            return handled;
        }

        return AwaitHandledAsync(handled, start);
    }

    private async ValueTask AwaitHandledAsync(ValueTask handled, long start)
    {
        await handled.ConfigureAwait(false);
        _handled.RecordSince(start);
    }
}
