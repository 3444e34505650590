using System.Diagnostics;
using RovDsp.Processing.Feeds;

namespace RovDsp.Perf.Gate;

/// <summary>The <c>latency</c> sabotage: the bridge's echosounder handler busy-waits 60 ms before each ping, as a
/// lock held elsewhere or a blocking call on the worker would make it. 60 ms is 1.2 of the 50 ms ping period: above
/// the ping budgets' limits (0.2 worker time, 1.0 end to end) by its own length alone, so every sabotaged run must
/// fail them (the worker falls behind the pings, and its drop-oldest queue of 8 sheds them).</summary>
public sealed class LatencySabotageHandler : ISensorHandler
{
    /// <summary>The injected delay.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(60);

    private readonly ISensorHandler _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public LatencySabotageHandler(ISensorHandler inner) => _inner = inner;

    /// <inheritdoc/>
    public ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(Delay.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            Thread.SpinWait(20);
        }

        return _inner.HandleAsync(payload, receivedTimestamp, cancellationToken);
    }
}
