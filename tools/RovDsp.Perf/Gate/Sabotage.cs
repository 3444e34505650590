using System.Diagnostics;

namespace RovDsp.Perf.Gate;

/// <summary>
/// A deliberate defect the gate can inject into the subjects it measures (never into the baselines), to prove a
/// breach fails the build: <see cref="Alloc"/> adds a 256-byte allocation per call, <see cref="Slow"/> a 5 ms
/// busy wait per call, <see cref="Latency"/> a 60 ms busy wait in the bridge's echosounder handler (the bridge
/// latency budgets; <see cref="LatencySabotageHandler"/>). Chosen by <c>--sabotage</c> or the
/// <c>ROVDSP_GATE_SABOTAGE</c> environment variable.
/// </summary>
public enum Sabotage
{
    /// <summary>Measure the real code.</summary>
    None,

    /// <summary>Allocate 256 bytes per call.</summary>
    Alloc,

    /// <summary>Spin 5 ms per call.</summary>
    Slow,

    /// <summary>Spin 60 ms in the bridge's ping handler (only the bridge latency budgets see it).</summary>
    Latency,
}

/// <summary>Wraps a measured subject with the chosen <see cref="Sabotage"/>.</summary>
public static class SabotageWrapper
{
    private static byte[]? s_sink;

    /// <summary>Parses <c>none|alloc|slow|latency</c> (case-insensitive); null or empty is none.</summary>
    public static Sabotage Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => Sabotage.None,
        "alloc" => Sabotage.Alloc,
        "slow" => Sabotage.Slow,
        "latency" => Sabotage.Latency,
        _ => throw new ArgumentException($"unknown sabotage '{text}' (none, alloc, slow or latency)", nameof(text)),
    };

    /// <summary>The subject itself, or the subject followed by the defect.</summary>
    public static Action Wrap(Action subject, Sabotage sabotage) => sabotage switch
    {
        Sabotage.Alloc => () =>
        {
            subject();
            // Stored in a static so the JIT cannot drop the allocation.
            s_sink = new byte[256];
        },
        Sabotage.Slow => () =>
        {
            subject();
            var end = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 200;
            while (Stopwatch.GetTimestamp() < end)
            {
                Thread.SpinWait(20);
            }
        },
        _ => subject,
    };

    /// <summary>Length of the last sabotage allocation (keeps the sink observable).</summary>
    public static int SinkLength => s_sink?.Length ?? 0;
}
