using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Pipelines.ScanningSonar.ScanningSonarSynthetic;

namespace RovDsp.Dsp.Tests.Pipelines.ScanningSonar;

public class ScanningSonarPipelineTests
{
    private static readonly ScanningSonarSettings Settings = new() { SoundSpeedMps = SoundSpeed };

    private static int Turn(ScanningSonarPipeline p, ScanningSonarStep step, ref uint seq, ushort ticks, int samples,
        Random random, int from = 0, int count = 400, int stride = 1, List<ScanningSonarResult>? results = null,
        params (int, double)[] targets)
    {
        var detections = 0;
        for (var k = 0; k < count; k++)
        {
            Fill(step, seq++, (from + k * stride) % 400, ticks, samples, random, targets);
            var r = p.Process(step);
            Assert.True(r.Accepted);
            results?.Add(r);
            detections += r.SectorDetected ? 1 : 0;
        }
        return detections;
    }

    private static (int Angle, int Bin) Brightest(ScanningSonarPipeline p, int minBin)
    {
        var img = p.PolarImage;
        var bins = p.Settings.RangeBins;
        var best = (0, minBin);
        for (var a = 0; a < 400; a++)
        {
            for (var b = minBin; b < bins; b++)
            {
                if (img[a * bins + b] > img[best.Item1 * bins + best.Item2])
                {
                    best = (a, b);
                }
            }
        }
        return best;
    }

    [Theory]
    [InlineData(123, 7.3)]
    [InlineData(149, 12.0)] // last angle of a sector: the cluster straddles two sectors
    [InlineData(150, 3.1)] // first angle of the next
    [InlineData(200, 15.5)] // bearing ±π
    [InlineData(0, 9.9)] // the wrap from 399 to 0
    public void Target_lands_in_its_cell_and_is_reported_once(int angle, double range)
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(1);
        uint seq = 0;
        var ticks = TicksFor(20, 1200);
        Turn(p, step, ref seq, ticks, 1200, random); // warm-up turn: normalisation settles
        var reported = new List<RovDsp.Dsp.Pipelines.Obstacles.Obstacle>();
        for (var k = 0; k < 400; k++)
        {
            Fill(step, seq++, k, ticks, 1200, random, (angle, range));
            var r = p.Process(step);
            if (r.SectorDetected)
            {
                reported.AddRange(p.Obstacles.ToArray());
            }
        }
        var imageRange = p.ImageRangeM;
        // c·T·N/2 with T rounded to whole ticks (half a tick in 857 is 0.058 %): within 0.012 m of 20.
        Assert.Equal(20.0, imageRange, 0.012);
        var (a, b) = Brightest(p, 20);
        Assert.Equal(angle, a);
        // Bin b spans [b, b+1)·R/600; the target's 0.1 m echo covers 3 bins around 7.3 m: ±2 bins.
        Assert.InRange((b + 0.5) * imageRange / 600, range - 2 * imageRange / 600, range + 2 * imageRange / 600);
        // Detected exactly once (the sector holding its centre), at its bearing (±1 grad) and near edge (±0.1 m).
        var obstacle = Assert.Single(reported);
        var error = Math.IEEERemainder(obstacle.BearingRad - ScanningSonarPipeline.BearingOf(angle), 2 * Math.PI);
        Assert.InRange(error, -2 * Math.PI / 400 * 1.01, 2 * Math.PI / 400 * 1.01);
        Assert.InRange(obstacle.RangeM, range - 0.1, range + 0.05);
    }

    [Fact]
    public void Speckle_alone_gives_no_obstacles()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(2);
        uint seq = 0;
        var results = new List<ScanningSonarResult>();
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, count: 1200, results: results);
        // Three turns, 24 sector detections on i.i.d. speckle: Pfa 1e-4 with MinCells 6 leaves none.
        Assert.Equal(24, results.Count(r => r.SectorDetected));
        Assert.Equal(0, results.Sum(r => r.ObstacleCount));
    }

    [Theory]
    [InlineData(RangeChangePolicy.Rescale)]
    [InlineData(RangeChangePolicy.Clear)]
    public void Range_change_mid_scan_rescales_or_clears(RangeChangePolicy policy)
    {
        var p = new ScanningSonarPipeline(Settings with { RangeChange = policy });
        var step = new ScanningSonarStep();
        var random = new Random(3);
        uint seq = 0;
        var results = new List<ScanningSonarResult>();
        // A turn at 20 m with a target at 50 grads, 10 m; then half a turn at 40 m (same 1200 samples, twice the period).
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, results: results, targets: (50, 10.0));
        Turn(p, step, ref seq, TicksFor(40, 1200), 1200, random, from: 200, count: 100, results: results);
        Assert.Equal(1, results.Count(r => r.RangeChanged));
        Assert.True(results[400].RangeChanged);
        Assert.Equal(1, p.RangeChanges);
        Assert.Equal(40.0, p.ImageRangeM, 0.02);
        var row = p.PolarImage.Slice(50 * 600, 600);
        if (policy == RangeChangePolicy.Rescale)
        {
            // The old 20 m beam now fills bins 0..299 of the 40 m grid; the target sits at 10/40·600 = 150 (±2).
            var peak = 10;
            for (var b = 10; b < 600; b++)
            {
                peak = row[b] > row[peak] ? b : peak;
            }
            Assert.InRange(peak, 148, 152);
            Assert.True(row[305] == 0 && row[599] == 0, "beyond the old range the rescaled beam is empty");
        }
        else
        {
            Assert.True(row.IndexOfAnyExcept(0f) < 0, "cleared");
        }
        // The steps after the change are on the new grid: a 40 m step covers all 600 bins.
        Assert.True(p.PolarImage.Slice(250 * 600, 600)[599] > 0);
    }

    [Fact]
    public void Sample_count_change_at_the_same_range_is_only_resampled()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(4);
        uint seq = 0;
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random);
        // 600 samples of twice the period: the same 20 m (within the 1 % tolerance), no range change.
        Turn(p, step, ref seq, TicksFor(20, 600), 600, random, count: 200, targets: (77, 12.0));
        Assert.Equal(0, p.RangeChanges);
        var (a, b) = Brightest(p, 20);
        Assert.Equal(77, a);
        Assert.InRange((b + 0.5) * p.ImageRangeM / 600, 12.0 - 0.07, 12.0 + 0.07);
    }

    [Fact]
    public void Sector_scan_back_and_forth_detects_each_pass()
    {
        // Ping360 sector mode: the head sweeps 100→179 and back. 80 grads per pass, sectors of 50: every pass
        // closes at least one sector, and the target at 140 is reported on most passes.
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(11);
        uint seq = 0;
        var reports = 0;
        var detections = 0;
        for (var pass = 0; pass < 12; pass++)
        {
            for (var k = 0; k < 80; k++)
            {
                var angle = pass % 2 == 0 ? 100 + k : 179 - k;
                Fill(step, seq++, angle, TicksFor(20, 1200), 1200, random, (140, 9.0));
                var r = p.Process(step);
                if (r.SectorDetected)
                {
                    detections++;
                    foreach (var o in p.Obstacles)
                    {
                        Assert.Equal(ScanningSonarPipeline.BearingOf(140), o.BearingRad, 2 * Math.PI / 400 * 1.01);
                        reports++;
                    }
                }
            }
        }
        Assert.InRange(detections, 12, 24);
        // The run shows 12 detections and 12 reports (once per pass). A sector edge that falls on the target may
        // split a pass's report or drop it: at least 8 of 12 and no more than 14.
        Assert.InRange(reports, 8, 14);
    }

    [Fact]
    public void Coarse_steps_leave_no_empty_spokes()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(5);
        uint seq = 0;
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, count: 101, stride: 4);
        for (var a = 0; a < 400; a++)
        {
            Assert.True(p.PolarImage[a * 600 + 300] > 0, $"angle {a} empty");
        }
    }

    [Fact]
    public void No_allocation_after_warm_up()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(6);
        uint seq = 0;
        var ticks = TicksFor(20, 1200);
        Turn(p, step, ref seq, ticks, 1200, random);
        var pixels = new byte[400 * 400];
        p.RenderCartesian(pixels);
        Fill(step, seq, 0, ticks, 1200, random, (10, 5.0));
        // A window is a whole turn (every angle once, sector detections included) and a Cartesian render, so an
        // allocation per step, per detection, per render or per turn shows in every window.
        var detections = 0;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            detections = 0;
            for (var k = 0; k < 400; k++)
            {
                step.AngleGrads = (ushort)k;
                detections += p.Process(step).SectorDetected ? 1 : 0;
            }
            p.RenderCartesian(pixels);
        });
        Assert.True(detections >= 4, $"the last window made {detections} sector detections"); // it ran the detection path
    }

    [Fact]
    public void Cartesian_image_puts_starboard_right()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(7);
        uint seq = 0;
        // Two turns: the first turn's first steps are normalised by means of only a few samples (ratios of
        // Rayleigh samples reach full scale); the second overwrites them.
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, count: 800);
        // 100 grads = 90° clockwise = starboard, at half range: pixel (size/2 + size/4, size/2).
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, from: 95, count: 10, targets: (100, 10.0));
        var pixels = new byte[400 * 400];
        p.RenderCartesian(pixels);
        var best = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            var x = i % 400;
            var y = i / 400;
            var dx = x - 199.5;
            var dy = y - 199.5;
            if (dx * dx + dy * dy > 20 * 20 && pixels[i] > pixels[best])
            {
                best = i;
            }
        }
        // ±3 px: the echo spans 3 bins (0.1 m = 1 px here) and 1 grad is 1.6 px at that radius.
        Assert.InRange(best % 400, 300 - 3, 300 + 3);
        Assert.InRange(best / 400, 200 - 3, 200 + 3);
        Assert.Equal(0, pixels[0]); // corner: outside the range circle
    }

    [Fact]
    public void Bad_steps_are_counted_and_skipped()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        var random = new Random(8);
        Fill(step, 0, 400, TicksFor(20, 1200), 1200, random);
        Assert.False(p.Process(step).Accepted);
        Fill(step, 1, 10, 0, 1200, random);
        Assert.False(p.Process(step).Accepted);
        Fill(step, 2, 10, TicksFor(20, 1200), 1200, random);
        step.SampleCount = 1300;
        Assert.False(p.Process(step).Accepted);
        Assert.Equal(3, p.StepsRejected);
        Assert.True(double.IsNaN(p.ImageRangeM));
        Fill(step, 3, 10, TicksFor(20, 1200), 1200, random);
        Assert.True(p.Process(step).Accepted);
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var p = new ScanningSonarPipeline(Settings);
        var step = new ScanningSonarStep();
        float[] Run()
        {
            var random = new Random(9);
            uint seq = 0;
            Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, count: 150, targets: (60, 8.0));
            return p.PolarImage.ToArray();
        }
        var first = Run();
        var obstacles = p.SectorDetections;
        p.Reset();
        Assert.True(double.IsNaN(p.ImageRangeM));
        Assert.True(p.PolarImage.IndexOfAnyExcept(0f) < 0);
        Assert.Equal(0, p.SectorDetections);
        Assert.Equal(first, Run());
        Assert.Equal(obstacles, p.SectorDetections);
    }

    [Fact]
    public void Ping360_device_data_converts()
    {
        var data = new byte[1200];
        new Random(10).NextBytes(data);
        var message = new Ping360DeviceData
        {
            Mode = 1, GainSetting = 2, Angle = 321, TransmitDuration = 32, SamplePeriod = 857,
            TransmitFrequency = 740, NumberOfSamples = 1200, Data = data,
        };
        var payload = new byte[message.PayloadLength];
        message.WritePayload(payload);
        Assert.True(Ping360DeviceData.TryRead(payload, out var decoded));
        var step = new ScanningSonarStep();
        Assert.True(step.TryCopyFrom(decoded, new MessageStamp(123, 7)));
        Assert.Equal(321, step.AngleGrads);
        Assert.Equal(857, step.SamplePeriodTicks);
        Assert.Equal(740, step.TransmitFrequencyKHz);
        Assert.Equal(2, step.GainSetting);
        Assert.Equal(32, step.TransmitDurationUs);
        Assert.Equal(1200, step.SampleCount);
        Assert.Equal(data, step.Intensities);
        Assert.Equal(new MessageStamp(123, 7), step.Stamp);
        // Sample centre convention: c·T·(i + 0.5)/2.
        Assert.Equal(1555.0 * 857 * 25e-9 * 0.5 / 2, step.RangeOfSample(0, 1555.0), 1e-12);
        Assert.False(new ScanningSonarStep(100).TryCopyFrom(decoded, default));
    }

    [Theory]
    [InlineData("RangeBins")]
    [InlineData("SectorGrads")]
    [InlineData("SoundSpeedMps")]
    [InlineData("MaxFillGrads")]
    [InlineData("Pfa")]
    public void Invalid_settings_name_the_setting(string name)
    {
        var s = name switch
        {
            "RangeBins" => Settings with { RangeBins = 2 },
            "SectorGrads" => Settings with { SectorGrads = 0 },
            "SoundSpeedMps" => Settings with { SoundSpeedMps = -1 },
            "MaxFillGrads" => Settings with { MaxFillGrads = 0 },
            _ => Settings with { Obstacles = Settings.Obstacles with { Pfa = 2 } },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => new ScanningSonarPipeline(s));
        Assert.Equal(name, e.ParamName);
    }

    [Theory]
    [InlineData(RangeChangePolicy.Rescale)]
    [InlineData(RangeChangePolicy.Clear)]
    public void Incremental_cartesian_render_equals_a_full_redraw_through_steps_gaps_range_changes_and_reset(RangeChangePolicy policy)
    {
        var p = new ScanningSonarPipeline(Settings with { RangeChange = policy });
        var step = new ScanningSonarStep();
        var random = new Random(12);
        uint seq = 0;
        var size = p.Settings.CartesianSize;
        var incremental = new byte[size * size];
        var full = new byte[size * size];
        void Check(string when)
        {
            p.RenderCartesian(incremental);
            p.RenderAll(full);
            Assert.True(full.AsSpan().SequenceEqual(incremental), $"incremental render differs from a full redraw {when}");
        }

        Check("before any step");
        // Renders every few steps, as a display does: single steps, coarse steps that fill gaps, a range change
        // (every row rescaled or cleared), and a reset.
        for (var round = 0; round < 30; round++)
        {
            Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, from: round * 37, count: 1 + round % 7,
                stride: 1 + round % 4, targets: (round * 37 % 400, 8.0));
            Check($"after round {round}");
        }
        Turn(p, step, ref seq, TicksFor(40, 1200), 1200, random, from: 10, count: 5);
        Assert.Equal(1, p.RangeChanges);
        Check("after the range change");
        Turn(p, step, ref seq, TicksFor(40, 1200), 1200, random, from: 15, count: 3);
        Check("after steps at the new range");
        p.Reset();
        Check("after reset");
        Turn(p, step, ref seq, TicksFor(20, 1200), 1200, random, from: 390, count: 20);
        Check("across the wrap after reset");
    }
}
