using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Dsp.Tests.Pipelines.Slurry;

/// <summary>Drives a <see cref="SlurryLinePipeline"/> with synthetic interleaved readings defined as functions of time.</summary>
internal sealed class SlurryFeed
{
    /// <summary>2027-01-15T00:00:00Z (09:00 JST).</summary>
    public const long StartNs = 1_799_971_200L * 1_000_000_000L;

    private readonly SlurryLinePipeline _pipeline;
    private readonly (SlurrySensorSpec Spec, Func<double, float> Value)[] _sensors;
    private readonly long[] _next;
    private readonly uint[] _sequence;

    public SlurryFeed(SlurryLinePipeline pipeline, params (SlurrySensorKind Kind, Func<double, float> Value)[] sensors)
    {
        _pipeline = pipeline;
        _sensors = sensors.Select(s => (pipeline.Settings.Sensors.First(x => x.Kind == s.Kind), s.Value)).ToArray();
        _next = new long[_sensors.Length];
        _sequence = new uint[_sensors.Length];
    }

    /// <summary>Time zero of the feed, ns since the Unix epoch (default <see cref="StartNs"/>).</summary>
    public long OriginNs { get; init; } = StartNs;

    /// <summary>Seconds since <see cref="OriginNs"/> of the latest reading fed.</summary>
    public double NowS { get; private set; }

    /// <summary>A sensor that is silent while this returns true.</summary>
    public Func<SlurrySensorKind, double, bool> Silent { get; set; } = (_, _) => false;

    /// <summary>Feeds every reading up to <paramref name="untilS"/> seconds, in time order; calls
    /// <paramref name="onState"/> after each.</summary>
    public void RunUntil(double untilS, Action<double, SlurryLineState>? onState = null)
    {
        var untilNs = (long)Math.Round(untilS * 1e9);
        while (true)
        {
            var best = -1;
            for (var i = 0; i < _sensors.Length; i++)
            {
                if (best < 0 || _next[i] < _next[best])
                {
                    best = i;
                }
            }
            if (_next[best] > untilNs)
            {
                return;
            }
            var tNs = _next[best];
            var spec = _sensors[best].Spec;
            _next[best] += (long)Math.Round(1e9 / spec.RateHz);
            var t = tNs / 1e9;
            NowS = t;
            var sequence = _sequence[best]++;
            if (Silent(spec.Kind, t))
            {
                continue;
            }
            var sample = new SlurrySample(new MessageStamp(OriginNs + tNs, sequence), spec.Id, spec.Kind, _sensors[best].Value(t));
            var state = _pipeline.Process(sample);
            onState?.Invoke(t, state);
        }
    }

    /// <summary>Settings whose sensor table has no stuck test (constant synthetic readings are legitimate here).</summary>
    public static SlurryLineSettings NoStuckTest(SlurryLineSettings? settings = null)
    {
        settings ??= new SlurryLineSettings();
        return settings with { Sensors = settings.Sensors.Select(s => s with { StuckWindowS = 0 }).ToArray() };
    }

    /// <summary>Settings keeping only the given sensor kinds (stuck test off).</summary>
    public static SlurryLineSettings Only(params SlurrySensorKind[] kinds) =>
        new() { Sensors = SlurryLineSettings.DefaultSensors.Where(s => kinds.Contains(s.Kind)).Select(s => s with { StuckWindowS = 0 }).ToArray() };
}
