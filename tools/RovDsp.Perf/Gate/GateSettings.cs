namespace RovDsp.Perf.Gate;

/// <summary>How long the gate warms up and how many timed batches it takes per measurement.</summary>
/// <param name="WarmupSeconds">Run time before timing a subject (tiered JIT promotes hot methods within ~0.1 s).</param>
/// <param name="BatchSeconds">Minimum duration of one timed batch.</param>
/// <param name="Repetitions">Timed batches (or interleaved pairs) whose median is reported; odd.</param>
public sealed record GateSettings(double WarmupSeconds, double BatchSeconds, int Repetitions)
{
    /// <summary>Full gate: 0.3 s warm-up, 20 ms batches, median of 15.</summary>
    public static GateSettings Full { get; } = new(0.3, 0.02, 15);

    /// <summary>Quick gate (CI, tests): 0.15 s warm-up, 10 ms batches, median of 7.</summary>
    public static GateSettings Quick { get; } = new(0.15, 0.01, 7);
}
