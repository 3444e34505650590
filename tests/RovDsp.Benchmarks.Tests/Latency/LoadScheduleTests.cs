using RovDsp.Perf.Latency;

namespace RovDsp.Benchmarks.Tests.Latency;

/// <summary>The latency harness's input: the realistic mix's rates (issue 6: 20 pings/s, 10 frames/s of 256 × 703,
/// 8 sensors at 100 Hz) and load N as N copies, counted independently of the schedule's own arithmetic.</summary>
public sealed class LoadScheduleTests
{
    private static readonly Lazy<RealisticMix> s_mix = new(() => RealisticMix.Generate(2.0));

    [Fact]
    public void Mix_has_the_issue_six_rates_and_frame_size()
    {
        var mix = s_mix.Value;
        Assert.Equal(40, mix.Ping.Messages.Length);               // 20/s for 2 s
        Assert.Equal(20, mix.Multibeam.Messages.Length);          // 10/s for 2 s
        Assert.Equal(1600, mix.Slurry.Messages.Length);           // 8 sensors x 100/s for 2 s
        Assert.All(mix.Multibeam.Messages, m => Assert.True(m.Length > 256 * 703, $"{m.Length} B"));
        Assert.All(mix.Streams, s => Assert.True(s.OffsetsNs.Zip(s.OffsetsNs.Skip(1)).All(p => p.First <= p.Second)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Load_n_is_n_copies_on_their_own_topics_in_time_order(int load)
    {
        var schedule = LoadSchedule.Build(s_mix.Value, load, TimeSpan.FromSeconds(5), "rov1");
        // 5 s of the mix per copy: 100 pings, 50 frames, 4,000 slurry samples.
        Assert.Equal(load * (100 + 50 + 4000), schedule.Events.Length);
        Assert.Equal(3 * load, schedule.Sensors.Count);
        Assert.Equal(3 * load, schedule.Sensors.Select(s => s.Topic).Distinct().Count());
        Assert.Contains(schedule.Sensors, s => s.Topic == $"rov/rov1/raw/echosounder/echo{load}");
        Assert.Contains(schedule.Sensors, s => s.Topic == $"rov/rov1/raw/multibeam/mb{load}");
        Assert.Contains(schedule.Sensors, s => s.Topic == $"rov/rov1/raw/slurry/line{load}");
        Assert.True(schedule.Events.Zip(schedule.Events.Skip(1)).All(p => p.First.AtNs <= p.Second.AtNs));
        // Copies are shifted by less than their stream's period (10 ms for a slurry line, 100 ms for frames), and the
        // multibeam's own clock gains at most one ping period (50 ms) over the run.
        Assert.All(schedule.Events, e => Assert.InRange(e.AtNs, 0, 5_150_000_000L));
        foreach (var group in schedule.Events.GroupBy(e => e.Sensor))
        {
            var kind = schedule.Sensors[group.Key].Stream.Kind;
            Assert.Equal(kind switch { MixKind.Ping => 100, MixKind.Multibeam => 50, _ => 4000 }, group.Count());
        }
    }

    [Fact]
    public void Aligned_clocks_send_every_frame_with_a_ping()
    {
        // The simulator's one clock: each frame leaves in the same nanosecond as a ping (the ping's worst case).
        var schedule = LoadSchedule.Build(s_mix.Value, 1, TimeSpan.FromSeconds(5), "rov1", SensorClocks.Aligned);
        var pings = Times(schedule, MixKind.Ping).ToHashSet();
        var frames = Times(schedule, MixKind.Multibeam);
        Assert.Equal(50, frames.Length);
        Assert.All(frames, f => Assert.Contains(f, pings));
    }

    [Fact]
    public void Independent_clocks_sweep_frames_and_samples_through_the_ping_period()
    {
        var duration = TimeSpan.FromSeconds(5);
        var aligned = LoadSchedule.Build(s_mix.Value, 1, duration, "rov1", SensorClocks.Aligned);
        var independent = LoadSchedule.Build(s_mix.Value, 1, duration, "rov1");
        const long PingPeriodNs = 50_000_000;

        // The echosounder keeps its clock; every stream keeps its messages.
        Assert.Equal(Times(aligned, MixKind.Ping), Times(independent, MixKind.Ping));
        Assert.Equal(Times(aligned, MixKind.Slurry).Length, Times(independent, MixKind.Slurry).Length);

        // A frame's phase against the pings takes every value in the period equally often: 50 frames, 10 bins of 5 ms.
        var phases = Times(independent, MixKind.Multibeam).Select(t => t % PingPeriodNs).ToArray();
        var bins = new int[10];
        foreach (var phase in phases)
        {
            bins[(int)(phase * bins.Length / PingPeriodNs)]++;
        }

        Assert.All(bins, count => Assert.InRange(count, 3, 7));

        // The frame rate changes by one ping period over the run (1 %, 5 s here), the slurry line's the other way.
        var framesSpan = Span(independent, MixKind.Multibeam) - Span(aligned, MixKind.Multibeam);
        var samplesSpan = Span(independent, MixKind.Slurry) - Span(aligned, MixKind.Slurry);
        Assert.InRange(framesSpan, 0.97 * PingPeriodNs * 4.9 / 5, 1.01 * PingPeriodNs);
        Assert.InRange(-samplesSpan, 0.97 * PingPeriodNs * 4.9 / 5, 1.01 * PingPeriodNs);
    }

    private static long[] Times(LoadSchedule schedule, MixKind kind) =>
        [.. schedule.Events.Where(e => schedule.Sensors[e.Sensor].Stream.Kind == kind).Select(e => e.AtNs)];

    private static long Span(LoadSchedule schedule, MixKind kind)
    {
        var times = Times(schedule, kind);
        return times[^1] - times[0];
    }
}
