using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Tests.Support;
using static RovDsp.Dsp.Tests.Pipelines.SideScan.SideScanSynthetic;

namespace RovDsp.Dsp.Tests.Pipelines.SideScan;

public class SideScanPipelineTests
{
    private static readonly SideScanSettings Settings = new() { MaxGroundRangeM = 30, GroundBins = 512, MaxSamples = 2048 };
    private static readonly double Bin = 30.0 / 512;

    [Fact]
    public void Spike_lands_at_its_closed_form_ground_range()
    {
        const double a = 6.0, g0 = 12.3;
        var pipeline = new SideScanPipeline(Settings with { ApplyTvg = false });
        var line = new SideScanLine(2048);
        for (uint n = 0; n < 20; n++)
        {
            Fill(line, n, a, true, null, Flat, Flat);
            pipeline.Process(line);
        }
        Fill(line, 20, a, true, null, Flat, Flat);
        // A 3-sample bright echo centred on the slant range √(g0² + a²).
        var i0 = (int)Math.Round(Math.Sqrt(g0 * g0 + a * a) / (SoundSpeed * Interval / 2));
        for (var i = i0 - 1; i <= i0 + 1; i++)
        {
            line.Starboard[i] = 5f;
        }
        var result = pipeline.Process(line);
        var stbd = pipeline.NormalisedLine(SideScanSide.Starboard);
        var peak = 0;
        for (var k = 1; k < stbd.Length; k++)
        {
            peak = stbd[k] > stbd[peak] ? k : peak;
        }
        // Tolerance: half a slant sample (0.015 m) maps to < 0.02 m of ground here, plus rounding i0: ±1 bin.
        Assert.InRange(pipeline.GroundRangeOfBin(peak), g0 - Bin, g0 + Bin);
        Assert.Equal(5f, stbd[peak], 0.01f); // flat background normalises to 1, so the echo reads 5/1
        // Coverage: bins whose slant range √(g² + a²) is within the last sample (c·1023·dt/2): closed form, ±1 bin
        // for float rounding of the index at the edge.
        var reach = Math.Sqrt(SlantOf(Samples - 1) * SlantOf(Samples - 1) - a * a);
        Assert.InRange(result.StarboardValidBins, (int)(reach / Bin), (int)(reach / Bin) + 2);
        Assert.Equal(SideScanAltitudeSource.Given, result.AltitudeSource);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(7.5)]
    [InlineData(14.2)]
    public void First_bottom_return_gives_the_altitude(double a)
    {
        var pipeline = new SideScanPipeline(Settings);
        var line = new SideScanLine(2048);
        var random = new Random(7);
        Fill(line, 0, a, false, random, Flat, Flat);
        var result = pipeline.Process(line);
        Assert.Equal(SideScanAltitudeSource.Detected, result.AltitudeSource);
        // The 0.25 m boxcar crosses 35 % of the peak up to ~0.15·0.25 m before the true edge; speckle moves the
        // crossing by a sample or two (0.03 m each): 0.1 m.
        Assert.Equal(a, result.AltitudeM, 0.1);
    }

    [Fact]
    public void Highlight_and_shadow_at_known_range_is_detected_with_its_height()
    {
        const double a = 6.0, r = 12.0, l = 3.0;
        var pipeline = new SideScanPipeline(Settings);
        var line = new SideScanLine(2048);
        var random = new Random(11);
        for (uint n = 0; n < 80; n++)
        {
            Fill(line, n, a, true, random, Flat, Flat);
            pipeline.Process(line);
            Assert.True(pipeline.Targets.IsEmpty);
        }
        // Object of height h = a·L/(R+L) = 1.2 m whose far edge is at 12 m: a 0.5 m highlight at 4× the
        // background before it, a shadow at 3 % of it from 12 to 15 m.
        Fill(line, 80, a, true, random, Flat, g => g >= r - 0.5 && g < r ? 4.0 : g >= r && g < r + l ? 0.03 : 1.0);
        var result = pipeline.Process(line);
        Assert.Equal(1, result.TargetCount);
        var t = pipeline.Targets[0];
        Assert.Equal(SideScanSide.Starboard, t.Side);
        Assert.Equal(80u, t.Stamp.Sequence);
        // Range: the onset refinement stops at the first bin below ShadowEndLevel; ±2 bins (0.12 m).
        Assert.Equal(r, t.GroundRangeM, 2 * Bin);
        // Length: the end refinement uses a 3-bin mean: ±3 bins (0.18 m).
        Assert.Equal(l, t.ShadowLengthM, 3 * Bin);
        // Height a·L/(R+L) = 1.2 m; with the range and length errors above, dh ≤ a·(dL·R + L·dR)/(R+L)² ≈ 0.07 m.
        Assert.Equal(a * l / (r + l), t.HeightM, 0.08);
        Assert.Equal(a * t.ShadowLengthM / (t.GroundRangeM + t.ShadowLengthM), t.HeightM, 1e-5);
        Assert.True(t.HighlightLevel > 2.5f);
        Assert.True(t.ShadowLevel < 0.15f);
    }

    [Fact]
    public void Flat_speckled_seabed_gives_no_targets()
    {
        var pipeline = new SideScanPipeline(Settings);
        var line = new SideScanLine(2048);
        var random = new Random(3);
        var total = 0;
        for (uint n = 0; n < 300; n++)
        {
            Fill(line, n, 4.0 + 2.0 * Math.Sin(n / 40.0), n % 2 == 0, random, Flat, Flat);
            total += pipeline.Process(line).TargetCount;
        }
        // Fails without the near-nadir exclusion (MaxBinsPerSample): one dark sample stretched over ~20 bins.
        Assert.Equal(0, total);
        Assert.Equal(300, pipeline.LinesProcessed);
    }

    [Fact]
    public void No_allocation_after_warm_up()
    {
        var pipeline = new SideScanPipeline(Settings);
        var line = new SideScanLine(2048);
        var random = new Random(5);
        Fill(line, 0, 5.0, false, random, Flat, Flat);
        for (var i = 0; i < 30; i++)
        {
            pipeline.Process(line);
        }
        Fill(line, 1, 5.0, false, random, Flat, g => g is >= 9 and < 9.5 ? 4 : g is >= 9.5 and < 12 ? 0.02 : 1);
        pipeline.Process(line);
        var targets = 0;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            targets = 0;
            for (var i = 0; i < 20; i++)
            {
                targets += pipeline.Process(line).TargetCount;
            }
        });
        Assert.True(targets > 0); // the measured calls did run the detector's emitting path
    }

    [Fact]
    public void Reset_forgets_everything()
    {
        var pipeline = new SideScanPipeline(Settings with { WaterfallLines = 16 });
        var line = new SideScanLine(2048);
        (float, int)[] RunOnce()
        {
            var random = new Random(9);
            var list = new List<(float, int)>();
            for (uint n = 0; n < 40; n++)
            {
                Fill(line, n, 5.0, false, random, Flat, g => n > 30 && g is >= 9 and < 9.5 ? 4 : n > 30 && g is >= 9.5 and < 12 ? 0.02 : 1);
                var result = pipeline.Process(line);
                list.Add((result.AltitudeM, result.TargetCount));
            }
            return [.. list];
        }
        var first = RunOnce();
        var image1 = new byte[pipeline.Waterfall.Width * pipeline.Waterfall.Count];
        pipeline.Waterfall.CopyTo(image1);
        pipeline.Reset();
        Assert.Equal(0, pipeline.Waterfall.Count);
        Assert.Equal(0, pipeline.LinesProcessed);
        var second = RunOnce();
        var image2 = new byte[pipeline.Waterfall.Width * pipeline.Waterfall.Count];
        pipeline.Waterfall.CopyTo(image2);
        Assert.Equal(first, second);
        Assert.Equal(image1, image2);
        Assert.Contains(first, x => x.Item2 > 0);
    }

    [Fact]
    public void Bad_lines_are_counted_and_skipped()
    {
        var pipeline = new SideScanPipeline(Settings);
        var line = new SideScanLine(2048);
        Fill(line, 0, 5.0, true, null, Flat, Flat);
        line.Port[100] = float.NaN;
        Assert.False(pipeline.Process(line).Accepted);
        Fill(line, 1, 5.0, true, null, Flat, Flat);
        line.SampleIntervalS = 0;
        Assert.False(pipeline.Process(line).Accepted);
        Fill(line, 2, 5.0, true, null, Flat, Flat);
        line.AltitudeM = -1;
        Assert.False(pipeline.Process(line).Accepted);
        Fill(line, 3, 5.0, true, null, Flat, Flat);
        line.SampleCount = 0;
        Assert.False(pipeline.Process(line).Accepted);
        Fill(line, 4, 5.0, true, null, Flat, Flat);
        line.Starboard[3] = float.PositiveInfinity;
        Assert.False(pipeline.Process(line).Accepted);
        Assert.Equal(5, pipeline.LinesRejected);
        Assert.Equal(0, pipeline.Waterfall.Count);
        Fill(line, 5, 5.0, true, null, Flat, Flat);
        Assert.True(pipeline.Process(line).Accepted);
        Assert.Equal(1, pipeline.LinesProcessed);
    }

    [Theory]
    [InlineData("GroundBins")]
    [InlineData("MaxGroundRangeM")]
    [InlineData("NormalisationAlpha")]
    [InlineData("ShadowEndLevel")]
    [InlineData("BottomThresholdFraction")]
    [InlineData("WaterfallLines")]
    public void Invalid_settings_name_the_setting(string name)
    {
        var settings = name switch
        {
            "GroundBins" => Settings with { GroundBins = 4 },
            "MaxGroundRangeM" => Settings with { MaxGroundRangeM = double.NaN },
            "NormalisationAlpha" => Settings with { NormalisationAlpha = 0 },
            "ShadowEndLevel" => Settings with { ShadowEndLevel = 0.1 },
            "BottomThresholdFraction" => Settings with { BottomThresholdFraction = 1.5 },
            _ => Settings with { WaterfallLines = 0 },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => new SideScanPipeline(settings));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Waterfall_puts_port_far_range_left_and_newest_first()
    {
        var pipeline = new SideScanPipeline(Settings with { WaterfallLines = 4, ApplyTvg = false });
        var line = new SideScanLine(2048);
        for (uint n = 0; n < 6; n++)
        {
            Fill(line, n, 5.0, true, null, Flat, Flat);
            pipeline.Process(line);
        }
        // A line whose port is twice as bright beyond 20 m ground range: the waterfall's left part brightens.
        Fill(line, 6, 5.0, true, null, g => g > 20 ? 2.0 : 1.0, Flat);
        pipeline.Process(line);
        var w = pipeline.Waterfall;
        Assert.Equal(4, w.Count);
        Assert.Equal(1024, w.Width);
        var newest = w.Row(0);
        var bins = 512;
        var far = (int)(22 / Bin);
        var near = (int)(10 / Bin);
        Assert.Equal(255, newest[bins - 1 - far]); // 2.0 at full scale 2
        Assert.Equal(128, newest[bins - 1 - near]); // background 1 → 127.5 rounded
        Assert.Equal(128, newest[bins + far]);
        Assert.Equal(128, w.Row(1)[bins - 1 - far]);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Row(4));
    }
}
