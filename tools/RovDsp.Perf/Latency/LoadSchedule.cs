namespace RovDsp.Perf.Latency;

/// <summary>
/// Every publish of one run, in time order: load N is N copies of the realistic mix (N echosounders, N
/// multibeams, N slurry lines, each at its realistic rate on its own raw topic), copy j shifted by j/N of the
/// stream's period so copies do not fire in lock-step (real sensors are not synchronised), and, with
/// <see cref="SensorClocks.Independent"/> (the default), the kinds not in lock-step with each other either. Built
/// before the run; the publisher only walks it.
/// </summary>
public sealed class LoadSchedule
{
    private LoadSchedule(Event[] events, Sensor[] sensors, long durationNs)
    {
        Events = events;
        Sensors = sensors;
        DurationNs = durationNs;
    }

    /// <summary>The sensors publishing (N per stream).</summary>
    public IReadOnlyList<Sensor> Sensors { get; }

    /// <summary>The publishes, ascending by <see cref="Event.AtNs"/>.</summary>
    public Event[] Events { get; }

    /// <summary>Length of the run, ns.</summary>
    public long DurationNs { get; }

    /// <summary>Builds the schedule of <paramref name="load"/> copies of <paramref name="mix"/> for
    /// <paramref name="duration"/>, raw topics under <c>rov/{vehicle}/raw/</c>, the devices' clocks as
    /// <paramref name="clocks"/> says.</summary>
    public static LoadSchedule Build(RealisticMix mix, int load, TimeSpan duration, string vehicle,
        SensorClocks clocks = SensorClocks.Independent)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentOutOfRangeException.ThrowIfLessThan(load, 1);
        var durationNs = (long)(duration.TotalSeconds * 1e9);
        var sensors = new List<Sensor>();
        var events = new List<Event>();
        foreach (var stream in mix.Streams)
        {
            var (level, prefix) = stream.Kind switch
            {
                MixKind.Ping => ("echosounder", "echo"),
                MixKind.Multibeam => ("multibeam", "mb"),
                _ => ("slurry", "line"),
            };
            // The smallest gap of the stream (a slurry line's 8 sensors sample within one 10 ms period).
            var periodNs = (long)(1e9 / (stream.Kind == MixKind.Slurry ? RealisticMix.SlurrySensorRateHz : stream.RatePerSecond));
            // The simulator puts every device on one clock from t = 0, so a frame and every other ping would leave in
            // the same microsecond all run long. Independent clocks drift through each other instead: over the run the
            // multibeam gains one ping period on the echosounder and the slurry line loses one.
            var drift = clocks == SensorClocks.Aligned ? 0.0 : stream.Kind switch
            {
                MixKind.Multibeam => 1e9 / RealisticMix.PingRateHz / durationNs,
                MixKind.Slurry => -1e9 / RealisticMix.PingRateHz / durationNs,
                _ => 0.0,
            };
            for (var copy = 0; copy < load; copy++)
            {
                var index = sensors.Count;
                sensors.Add(new Sensor(stream, $"rov/{vehicle}/raw/{level}/{prefix}{copy + 1}", $"{prefix}{copy + 1}"));
                var shift = periodNs * copy / load;
                // Every copy sends what the unshifted stream sends in the duration (the shift, under one period, may
                // carry its last messages just past the end), so load N is exactly N times the mix.
                for (long loopStart = 0; loopStart < durationNs; loopStart += stream.LoopNs)
                {
                    for (var m = 0; m < stream.Messages.Length; m++)
                    {
                        var at = loopStart + stream.OffsetsNs[m];
                        if (at < durationNs)
                        {
                            var due = at + shift;
                            events.Add(new Event(due + (long)(due * drift), index, m));
                        }
                    }
                }
            }
        }

        var array = events.ToArray();
        Array.Sort(array, static (a, b) => a.AtNs != b.AtNs ? a.AtNs.CompareTo(b.AtNs) : a.Sensor.CompareTo(b.Sensor));
        return new LoadSchedule(array, [.. sensors], durationNs);
    }

    /// <summary>One publishing sensor.</summary>
    /// <param name="Stream">Its messages.</param>
    /// <param name="Topic">Its raw topic.</param>
    /// <param name="Name">The sensor id (last topic level; the feed topics end with it too).</param>
    public sealed record Sensor(MixStream Stream, string Topic, string Name);

    /// <summary>One publish.</summary>
    /// <param name="AtNs">When, from the run's start, ns.</param>
    /// <param name="Sensor">Index into <see cref="Sensors"/>.</param>
    /// <param name="Message">Index into the sensor's messages.</param>
    public readonly record struct Event(long AtNs, int Sensor, int Message);
}
