using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Multibeam;

/// <summary>The imaging pipeline on closed-form synthetic frames.</summary>
public class MultibeamPipelineTests
{
    private const int Beams = 256;
    private const int Bins = 703;
    private const double Dr = 20.0 / 703;
    private const double Frequency = 750e3;

    private static float[] Bearings()
    {
        var b = new float[Beams];
        for (var i = 0; i < Beams; i++)
        {
            b[i] = (float)((-65.0 + 130.0 * i / (Beams - 1)) * Math.PI / 180);
        }
        return b;
    }

    /// <summary>Two-way loss the pipeline compensates, as a power factor: 10^(−(40 log R + 2αR)/10).</summary>
    private static double Loss(int bin)
    {
        var alpha = Absorption.FrancoisGarrison(Frequency, 1.5, 34.7, 5700);
        var r = Math.Max(bin * Dr, 0.2);
        return Math.Pow(10, -TimeVaryingGain.GainDb(r, 40, alpha) / 10);
    }

    /// <summary>Beam-major intensity: unit exponential speckle plus a blob of <paramref name="level"/> over
    /// beams [b0, b0+nb) and bins [r0, r0+nr), all attenuated by the two-way loss.</summary>
    private static float[] Intensity(int seed, int b0, int nb, int r0, int nr, double level)
    {
        var rng = new Random(seed);
        var x = new float[Beams * Bins];
        for (var b = 0; b < Beams; b++)
        {
            for (var r = 0; r < Bins; r++)
            {
                var v = -Math.Log(1 - rng.NextDouble());
                if (b >= b0 && b < b0 + nb && r >= r0 && r < r0 + nr)
                {
                    v += level;
                }
                x[b * Bins + r] = (float)(v * Loss(r));
            }
        }
        return x;
    }

    private static MultibeamFrame Frame(float[] beamMajor, MultibeamLayout layout = MultibeamLayout.BeamMajor)
    {
        var samples = beamMajor;
        if (layout == MultibeamLayout.RangeMajor)
        {
            samples = new float[beamMajor.Length];
            for (var b = 0; b < Beams; b++)
            {
                for (var r = 0; r < Bins; r++)
                {
                    samples[r * Beams + b] = beamMajor[b * Bins + r];
                }
            }
        }
        return new MultibeamFrame
        {
            Stamp = new MessageStamp(1_000_000_000, 7),
            BeamCount = Beams,
            BinCount = Bins,
            BearingsRad = Bearings(),
            RangeResolutionM = Dr,
            SoundSpeedMps = 1555,
            FrequencyHz = Frequency,
            Layout = layout,
            SampleKind = MultibeamSampleKind.Intensity,
            FloatSamples = samples,
        };
    }

    [Fact]
    public void Compensation_flattens_the_two_way_loss_and_uses_Francois_Garrison()
    {
        var flat = new float[Beams * Bins];
        for (var b = 0; b < Beams; b++)
        {
            for (var r = 0; r < Bins; r++)
            {
                flat[b * Bins + r] = (float)(3.0 * Loss(r));
            }
        }
        var p = new MultibeamPipeline(new MultibeamSettings());
        var res = p.Process(Frame(flat));
        Assert.True(res.Valid);
        // docs/domain.md#absorption: about 217 dB/km at 750 kHz in the site's water.
        Assert.InRange(p.AbsorptionDbPerKm, 210, 225);
        // After compensation every cell is 3 and the per-beam median divides it to 1. The loss spans ~80 dB
        // of float32 values; the compensation table is float32 too, so each cell carries a few float eps:
        // rtol 1e-5.
        foreach (var v in p.Image)
        {
            Assert.Equal(1f, v, 1e-5f);
        }
        Assert.Equal(0, res.ObstacleCount);
    }

    [Theory]
    [InlineData(MultibeamLayout.BeamMajor)]
    [InlineData(MultibeamLayout.RangeMajor)]
    public void Blob_is_reported_at_its_range_and_bearing_and_in_the_corridor(MultibeamLayout layout)
    {
        // A 4-beam × 8-bin blob 20 dB over speckle at beams 126-129 (bearing ≈ 0) from bin 350 (≈ 9.96 m).
        var p = new MultibeamPipeline(new MultibeamSettings());
        var res = p.Process(Frame(Intensity(5, 126, 4, 350, 8, 100), layout));
        Assert.True(res.Valid);
        Assert.Equal(new MessageStamp(1_000_000_000, 7), res.Stamp);
        Assert.Equal(1, res.ObstacleCount);
        var o = res.Obstacles[0];
        // The 3-bin speckle average spreads the blob's edge one bin nearer: within 2 bins of bin 350.
        Assert.InRange(o.RangeM, (float)((350 - 2) * Dr), (float)((350 + 0.5) * Dr));
        var bearings = Bearings();
        var spacing = bearings[1] - bearings[0];
        // Strength-weighted bearing: between beams 127 and 128, within half a beam.
        Assert.Equal(0.5f * (bearings[127] + bearings[128]), o.BearingRad, spacing / 2);
        Assert.True(res.HasNearestInCorridor);
        Assert.Equal(o, res.NearestInCorridor);
    }

    [Fact]
    public void Layouts_give_the_same_result()
    {
        var x = Intensity(6, 60, 3, 500, 6, 300);
        var a = new MultibeamPipeline(new MultibeamSettings());
        var b = new MultibeamPipeline(new MultibeamSettings());
        var ra = a.Process(Frame(x, MultibeamLayout.BeamMajor));
        var rb = b.Process(Frame(x, MultibeamLayout.RangeMajor));
        Assert.Equal(ra.Obstacles.ToArray(), rb.Obstacles.ToArray());
        var fa = new byte[512 * 512];
        var fb = new byte[512 * 512];
        a.RenderFan(fa);
        b.RenderFan(fb);
        Assert.True(fa.AsSpan().SequenceEqual(fb));
    }

    [Theory]
    [InlineData(13, 37)]
    [InlineData(16, 24)]
    [InlineData(5, 3)]
    public void Layouts_give_bit_identical_images_for_ragged_sizes(int beams, int bins)
    {
        // Range-major frames go through a blocked 8 × 8 transpose with scalar edges: sizes that are and are not
        // multiples of 8 must give exactly (bit for bit) the beam-major result, for float and 8-bit samples.
        var rng = new Random(11);
        var bm = new byte[beams * bins];
        var rm = new byte[beams * bins];
        for (var b = 0; b < beams; b++)
        {
            for (var r = 0; r < bins; r++)
            {
                var v = (byte)rng.Next(1, 256);
                bm[b * bins + r] = v;
                rm[r * beams + b] = v;
            }
        }
        foreach (var useBytes in new[] { false, true })
        {
            var images = new float[2][];
            for (var layout = 0; layout < 2; layout++)
            {
                var src = layout == 0 ? bm : rm;
                var frame = new MultibeamFrame
                {
                    Stamp = new MessageStamp(1, 1),
                    BeamCount = beams,
                    BinCount = bins,
                    BearingsRad = Bearings().AsSpan(0, beams).ToArray(),
                    RangeResolutionM = Dr,
                    SoundSpeedMps = 1555,
                    FrequencyHz = Frequency,
                    Layout = layout == 0 ? MultibeamLayout.BeamMajor : MultibeamLayout.RangeMajor,
                    SampleKind = MultibeamSampleKind.Amplitude,
                    FloatSamples = useBytes ? [] : Array.ConvertAll(src, v => (float)v),
                    ByteSamples = useBytes ? src : [],
                };
                var p = new MultibeamPipeline(new MultibeamSettings());
                Assert.True(p.Process(frame).Valid);
                images[layout] = p.Image.ToArray();
            }
            Assert.Equal(images[0], images[1]);
        }
    }

    [Fact]
    public void Device_gains_are_undone()
    {
        // The same echoes as 8-bit amplitudes after a device gain of 12 dB and a per-row gain rising with range,
        // and as float amplitudes with no gain: the detections must agree (up to 8-bit quantisation, so only the
        // obstacle's range and bearing are compared).
        var x = Intensity(8, 200, 4, 250, 8, 200);
        var rowGain = new float[Bins];
        for (var r = 0; r < Bins; r++)
        {
            rowGain[r] = (float)Math.Sqrt(1 / Loss(r)) * 0.01f;
        }
        var bytes = new byte[Beams * Bins];
        var amps = new float[Beams * Bins];
        var g = Math.Pow(10, 12.0 / 20);
        for (var b = 0; b < Beams; b++)
        {
            for (var r = 0; r < Bins; r++)
            {
                var a = Math.Sqrt(x[b * Bins + r]);
                amps[b * Bins + r] = (float)a;
                bytes[b * Bins + r] = (byte)Math.Clamp(Math.Round(a * g * rowGain[r] * 12), 0, 255);
            }
        }
        var plain = Frame(amps);
        plain.SampleKind = MultibeamSampleKind.Amplitude;
        var device = Frame(amps);
        device.FloatSamples = [];
        device.ByteSamples = bytes;
        device.SampleKind = MultibeamSampleKind.Amplitude;
        device.GainDb = 12;
        device.RowGains = rowGain;
        var p1 = new MultibeamPipeline(new MultibeamSettings());
        var p2 = new MultibeamPipeline(new MultibeamSettings());
        var r1 = p1.Process(plain);
        var r2 = p2.Process(device);
        Assert.Equal(1, r1.ObstacleCount);
        Assert.Equal(1, r2.ObstacleCount);
        Assert.Equal(r1.Obstacles[0].RangeM, r2.Obstacles[0].RangeM, (float)(2 * Dr));
        Assert.Equal(r1.Obstacles[0].BearingRad, r2.Obstacles[0].BearingRad, 0.01f);
        // The compensated, normalised images agree where the 8-bit samples are not saturated: the per-beam
        // medians of the two differ only by the 8-bit rounding of ~12-count amplitudes (±4 % in intensity).
        Assert.Equal(1f, p2.Image[10 * Bins + 600] / p1.Image[10 * Bins + 600], 0.25f);
    }

    [Fact]
    public void Fan_image_maps_a_polar_cell_to_its_pixel()
    {
        // Bright patch: beams 180-189 (bearing ≈ +27°..+31°), bins 400-419 (≈ 11.4–11.9 m), on a dark background.
        var x = new float[Beams * Bins];
        for (var b = 0; b < Beams; b++)
        {
            for (var r = 0; r < Bins; r++)
            {
                var v = b >= 180 && b < 190 && r >= 400 && r < 420 ? 1e4 : 1.0;
                x[b * Bins + r] = (float)(v * Loss(r));
            }
        }
        var p = new MultibeamPipeline(new MultibeamSettings());
        var res = p.Process(Frame(x));
        // Not rendered per frame by default; rendered on demand from the last frame.
        Assert.True(res.FanImageMemory.IsEmpty);
        var image = new byte[512 * 512];
        var fan = p.RenderFan(image);
        Assert.Equal(512, fan.Width);
        Assert.Equal(512, fan.Height);
        // A 130° fan of ~20 m is 2·20·sin 65° ≈ 36.3 m wide and 20 m deep: width-limited, 36.3/512 m per pixel.
        Assert.Equal(2 * (Bins - 0.5) * Dr * Math.Sin((65 + 0.256) * Math.PI / 180) / 512, fan.MetresPerPixel, 1e-3);
        var bearings = Bearings();
        var (col, row) = fan.PixelOf((float)(410 * Dr), 0.5f * (bearings[184] + bearings[185]));
        // 40 dB above the median: white. The display's bit-trick log is within 0.26 dB (1.3 grey levels) and the
        // conversion truncates: ±2 levels.
        Assert.InRange(image[row * fan.Width + col], 253, 255);
        // The apex sits at the bottom centre; straight ahead at 5 m is background (0 dB → 51 of 255).
        Assert.Equal(256f, fan.OriginColumn, 0.5f);
        var (c2, r2) = fan.PixelOf(5f, 0f);
        Assert.InRange(image[r2 * fan.Width + c2], 49, 53);
        // Outside the fan (top-left corner) is black.
        Assert.Equal(0, image[0]);
    }

    [Fact]
    public void Bad_frames_are_rejected_and_counted()
    {
        var p = new MultibeamPipeline(new MultibeamSettings());
        var x = Intensity(9, 0, 0, 0, 0, 0);
        x[1234] = float.NaN;
        Assert.False(p.Process(Frame(x)).Valid);
        var wrong = Frame(Intensity(9, 0, 0, 0, 0, 0));
        wrong.BinCount = 5000;
        Assert.False(p.Process(wrong).Valid);
        var zeroRes = Frame(Intensity(9, 0, 0, 0, 0, 0));
        zeroRes.RangeResolutionM = 0;
        Assert.False(p.Process(zeroRes).Valid);
        var badBearings = Frame(Intensity(9, 0, 0, 0, 0, 0));
        badBearings.BearingsRad[10] = badBearings.BearingsRad[9];
        Assert.False(p.Process(badBearings).Valid);
        Assert.Equal(4, p.RejectedFrames);
        Assert.True(p.Process(Frame(Intensity(9, 0, 0, 0, 0, 0))).Valid);
        Assert.Equal(1, p.FramesProcessed);
        p.Reset();
        Assert.Equal(0, p.RejectedFrames);
        Assert.Equal(0, p.FramesProcessed);
        Assert.True(p.Image.IsEmpty);
        Assert.Throws<ArgumentException>("SpeckleBins", () => new MultibeamPipeline(new MultibeamSettings { SpeckleBins = 2 }));
        Assert.Throws<ArgumentException>("FanCeilingDb", () => new MultibeamPipeline(new MultibeamSettings { FanCeilingDb = -20 }));
        Assert.Throws<ArgumentNullException>("frame", () => p.Process(null!));
    }

    [Fact]
    public void Process_allocates_nothing_after_warm_up()
    {
        var frame = Frame(Intensity(10, 100, 3, 300, 6, 100), MultibeamLayout.RangeMajor);
        var p = new MultibeamPipeline(new MultibeamSettings { SpeckleBeams = 3 });
        p.Process(frame);
        var obstacles = 0;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() => obstacles = p.Process(frame).ObstacleCount);
        Assert.True(obstacles >= 1);
    }

    [Fact]
    public void Render_fan_on_demand_matches_every_frame_rendering_allocates_nothing_rejects_bad_calls()
    {
        var frame = Frame(Intensity(10, 100, 3, 300, 6, 100), MultibeamLayout.RangeMajor);
        var lazy = new MultibeamPipeline(new MultibeamSettings());
        var eager = new MultibeamPipeline(new MultibeamSettings { RenderFanEveryFrame = true });
        var image = new byte[512 * 512];
        Assert.Throws<InvalidOperationException>(() => lazy.RenderFan(image));
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => lazy.RenderFan(new byte[100])).ParamName);
        lazy.Process(frame);
        var re = eager.Process(frame);
        var fan = lazy.RenderFan(image);
        // The same frame, the same render: bit-identical pixels and geometry.
        Assert.Equal(re.Fan, fan);
        Assert.True(re.FanImage.SequenceEqual(image));
        // Not blank: the fan covers a good part of the picture with non-black background.
        Assert.True(image.Count(p => p != 0) > 512 * 512 / 4);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            lazy.RenderFan(image);
        });
        lazy.Reset();
        Assert.Throws<InvalidOperationException>(() => lazy.RenderFan(image));
    }
}
