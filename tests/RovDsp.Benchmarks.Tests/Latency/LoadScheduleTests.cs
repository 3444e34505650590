using RovDsp.Benchmarks.Latency;

namespace RovDsp.Benchmarks.Tests.Latency;

/// <summary>The latency harness's input: the realistic mix's rates (issue 6: 20 pings/s, 10 frames/s of 256 × 703,
/// 8 sensors at 100 Hz) and load N as N copies, counted independently of the schedule's own arithmetic.</summary>
public sealed class LoadScheduleTests
{
    private static readonly Lazy<RealisticMix> s_mix = new(() => RealisticMix.Generate(2.0));

    [Fact]
    public void MixHasTheIssueSixRatesAndFrameSize()
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
    public void LoadNIsNCopiesOnTheirOwnTopicsInTimeOrder(int load)
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
        // Copies are shifted by less than their stream's period (10 ms for a slurry line, 100 ms for frames).
        Assert.All(schedule.Events, e => Assert.InRange(e.AtNs, 0, 5_100_000_000L));
        foreach (var group in schedule.Events.GroupBy(e => e.Sensor))
        {
            var kind = schedule.Sensors[group.Key].Stream.Kind;
            Assert.Equal(kind switch { MixKind.Ping => 100, MixKind.Multibeam => 50, _ => 4000 }, group.Count());
        }
    }
}
