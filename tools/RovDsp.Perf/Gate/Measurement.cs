using System.Diagnostics;

namespace RovDsp.Perf.Gate;

/// <summary>
/// The gate's in-process measurement harness. Every timing is a median over repeated batches timed with
/// <see cref="ThreadClock"/> (this thread's CPU time)
/// (a batch lasts at least <see cref="GateSettings.BatchSeconds"/> so timer resolution and call overhead vanish);
/// a ratio is measured interleaved with its baseline (A B, then B A, alternately) and the median of the per-pair
/// ratios is reported, so a neighbour stealing the core slows both sides of a pair alike and cancels out.
/// </summary>
public sealed class Measurement
{
    private readonly GateSettings _settings;

    /// <summary>Creates a harness with the given repetition settings.</summary>
    public Measurement(GateSettings settings) => _settings = settings;

    /// <summary>Median seconds per call of <paramref name="subject"/>.</summary>
    public double SecondsPerCall(Action subject)
    {
        var calls = Calibrate(subject);
        var samples = new double[_settings.Repetitions];
        for (var r = 0; r < samples.Length; r++)
        {
            samples[r] = TimeBatch(subject, calls) / calls;
        }
        return Median(samples);
    }

    /// <summary>Median over interleaved pairs of (seconds per call of <paramref name="ours"/>) / (seconds per
    /// call of <paramref name="baseline"/>).</summary>
    public double Ratio(Action ours, Action baseline)
    {
        var callsA = Calibrate(ours);
        var callsB = Calibrate(baseline);
        var ratios = new double[_settings.Repetitions];
        for (var r = 0; r < ratios.Length; r++)
        {
            double a, b;
            if ((r & 1) == 0)
            {
                a = TimeBatch(ours, callsA) / callsA;
                b = TimeBatch(baseline, callsB) / callsB;
            }
            else
            {
                b = TimeBatch(baseline, callsB) / callsB;
                a = TimeBatch(ours, callsA) / callsA;
            }
            ratios[r] = a / b;
        }
        return Median(ratios);
    }

    /// <summary>
    /// Bytes allocated per call on this thread, after warm-up: the minimum over three batches of 32 calls, so a
    /// one-off lazy initialisation cannot fail the budget while any per-call allocation shows in every batch.
    /// </summary>
    public static double AllocatedBytesPerCall(Action subject)
    {
        const int Calls = 32;
        for (var i = 0; i < 2 * Calls; i++)
        {
            subject();
        }
        var best = long.MaxValue;
        for (var batch = 0; batch < 3; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Calls; i++)
            {
                subject();
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return (double)best / Calls;
    }

    /// <summary>Median of <paramref name="values"/> (sorts a copy).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n == 0 ? double.NaN : (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    // Warms the subject for WarmupSeconds (long enough for tiered JIT to promote it to optimised code), then
    // returns the number of calls that fill one batch.
    private int Calibrate(Action subject)
    {
        var warmEnd = Stopwatch.GetTimestamp() + (long)(_settings.WarmupSeconds * Stopwatch.Frequency);
        var warmCalls = 0;
        do
        {
            subject();
            warmCalls++;
        }
        while (Stopwatch.GetTimestamp() < warmEnd || warmCalls < 8);

        var calls = 1;
        while (true)
        {
            var t = TimeBatch(subject, calls);
            if (t >= _settings.BatchSeconds || calls >= 1 << 24)
            {
                return calls;
            }
            calls = t <= 0 ? calls * 16 : Math.Max(calls * 2, (int)Math.Min(1 << 24, calls * 1.2 * _settings.BatchSeconds / t));
        }
    }

    private static double TimeBatch(Action subject, int calls)
    {
        var start = ThreadClock.Now();
        for (var i = 0; i < calls; i++)
        {
            subject();
        }
        return ThreadClock.Now() - start;
    }
}
