using RovDsp.Processing.Metrics;

namespace RovDsp.Perf.Latency;

/// <summary>One <see cref="LatencyRecorder"/> per stream of the mix.</summary>
public sealed class KindRecorders
{
    private readonly LatencyRecorder[] _recorders = [new(), new(), new()];

    /// <summary>The recorder of <paramref name="kind"/>.</summary>
    public LatencyRecorder this[MixKind kind] => _recorders[(int)kind];

    /// <summary>Forgets everything recorded (after the warm-up).</summary>
    public void Reset()
    {
        foreach (var r in _recorders)
        {
            r.Reset();
        }
    }
}
