using System.Collections.Concurrent;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Tests.Slurry;

/// <summary>Each simulated dive is streamed once per test run and shared by the facts that judge it.</summary>
internal static class SlurryDiveRuns
{
    private static readonly ConcurrentDictionary<(ScenarioKind, ulong, int, SlurryDensitySource), Lazy<SlurryDiveRun>> Cache = new();

    public static SlurryDiveRun Get(ScenarioKind kind, ulong seed, int minutes,
        SlurryDensitySource source = SlurryDensitySource.PreferUltrasonic) =>
        Cache.GetOrAdd((kind, seed, minutes, source), key => new Lazy<SlurryDiveRun>(() =>
            new SlurryDiveRun(key.Item1, key.Item2, TimeSpan.FromMinutes(key.Item3),
                new SlurryLineSettings { DensitySource = key.Item4 }))).Value;
}
