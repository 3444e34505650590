using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Echosounder;

public class EchosounderPipelineTests
{
    private const long PingPeriodNs = 100_000_000; // 10 Hz

    public static TheoryData<EchosounderSampleFormat, bool, double> Cases()
    {
        var data = new TheoryData<EchosounderSampleFormat, bool, double>();
        foreach (var format in new[] { EchosounderSampleFormat.ComplexBaseband, EchosounderSampleFormat.RealPassband })
        {
            foreach (var lfm in new[] { true, false })
            {
                foreach (var range in new[] { 0.8, 3.0, 7.3 })
                {
                    data.Add(format, lfm, range);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Point_echo_is_picked_within_one_range_resolution_cell(EchosounderSampleFormat format, bool lfm, double rangeM)
    {
        var pipeline = new EchosounderPipeline();
        var c = pipeline.DefaultSoundSpeedMps;
        var pulse = lfm ? SyntheticPing.Lfm : SyntheticPing.Cw;
        // SNR 17 dB per sample before compression; the echo stands 30+ dB above the noise after it.
        var ping = SyntheticPing.Make(format, pulse, c, [(rangeM, 1.0)], 0.1, seed: 7);
        var first = pipeline.Process(ping);
        var second = pipeline.Process(SyntheticPing.WithStamp(ping, PingPeriodNs));

        // The first ping is a candidate only (acquisition needs AcquirePings = 2 consistent picks).
        Assert.Equal(AltitudeState.Lost, first.State);
        Assert.Equal(AltitudeState.Valid, second.State);
        var resolution = pulse.RangeResolutionM(c); // c/(2B): 3.9 cm LFM 20 kHz, 7.8 cm CW 0.1 ms
        Assert.Equal(resolution, second.RangeResolutionM, 12);
        // The pick is the half-power point of the compressed echo's leading edge: for a point echo it sits about
        // 0.45 of a resolution cell before the true delay; one whole cell is the bound asked for.
        Assert.InRange(second.RawPickM, rangeM - resolution, rangeM + resolution);
        Assert.InRange(second.AltitudeM, rangeM - resolution, rangeM + resolution);
        Assert.InRange(second.Confidence, 0.5, 1.0);
        Assert.True(second.SnrDb > 25, $"SNR {second.SnrDb} dB");
        Assert.Equal(ping.Stamp with { TimestampNs = PingPeriodNs, Sequence = 1 }, second.Stamp);
    }

    [Fact]
    public void Default_sound_speed_is_the_site_value_not_1500()
    {
        var pipeline = new EchosounderPipeline();
        // UNESCO at 1.5 °C, S 34.7, 5,700 m: about 1,555 m/s (docs/domain.md#sound-speed).
        Assert.InRange(pipeline.DefaultSoundSpeedMps, 1553.0, 1557.0);
        var ping = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, pipeline.DefaultSoundSpeedMps,
            [(3.0, 1.0)], 0.05, seed: 1);
        pipeline.Process(ping);
        var estimate = pipeline.Process(SyntheticPing.WithStamp(ping, PingPeriodNs));
        Assert.Equal(pipeline.DefaultSoundSpeedMps, estimate.SoundSpeedMps);
    }

    [Fact]
    public void Measured_sound_speed_in_the_ping_is_preferred()
    {
        var pipeline = new EchosounderPipeline();
        const double Measured = 1500.0;
        // The echo travels at 1,500 m/s in this water: with the measured value the pick is right; with the
        // settings' 1,555 m/s it would read 3.0·1555/1500 = 3.11 m.
        var ping = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, Measured, [(3.0, 1.0)], 0.05,
            seed: 2, measuredSoundSpeed: Measured);
        pipeline.Process(ping);
        var estimate = pipeline.Process(SyntheticPing.WithStamp(ping, PingPeriodNs));
        Assert.Equal(Measured, estimate.SoundSpeedMps);
        Assert.InRange(estimate.RawPickM, 3.0 - 0.04, 3.0 + 0.02);

        var noProbe = new EchosounderPipeline();
        var unmeasured = ping with { SoundSpeedMps = double.NaN };
        noProbe.Process(unmeasured);
        var biased = noProbe.Process(SyntheticPing.WithStamp(unmeasured, PingPeriodNs));
        Assert.InRange(biased.RawPickM, 3.07, 3.13);
    }

    [Fact]
    public void Start_delay_moves_sample_zero_but_not_the_range()
    {
        var pipeline = new EchosounderPipeline();
        var c = pipeline.DefaultSoundSpeedMps;
        var ping = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(4.0, 1.0)], 0.05, seed: 3,
            rangeWindowM: 6.0, startDelayS: 2 * 1.5 / c);
        pipeline.Process(ping);
        var estimate = pipeline.Process(SyntheticPing.WithStamp(ping, PingPeriodNs));
        Assert.InRange(estimate.RawPickM, 4.0 - 0.039, 4.0 + 0.039);
    }

    [Fact]
    public void Second_bottom_echo_at_twice_the_range_is_not_the_bottom()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { MaxHoldS = 5.0 });
        var c = pipeline.DefaultSoundSpeedMps;
        var t = 0L;
        AltitudeEstimate e = default;
        // Bottom at 2.5 m and its second echo at 5.0 m, 1 dB stronger after the 30·log10 R gain (amplitude 0.2
        // against 0.5 at twice the range: 20·log10(0.4) + 30·log10(2) = +1 dB).
        for (var i = 0; i < 4; i++, t += PingPeriodNs)
        {
            e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c,
                [(2.5, 0.5), (5.0, 0.2)], 0.02, seed: 60 + i, timestampNs: t));
            Assert.InRange(e.RawPickM, 2.5 - 0.039, 2.5 + 0.039);
        }
        Assert.Equal(AltitudeState.Valid, e.State);
        Assert.Equal(2, pipeline.LastCandidateCount);

        // The bottom fades out and only the second echo remains: it is never taken for the bottom, however long
        // it persists (a plain "re-acquire on anything consistent" would jump to 5 m after AcquirePings pings).
        for (var i = 0; i < 10; i++, t += PingPeriodNs)
        {
            e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c,
                [(5.0, 0.2)], 0.02, seed: 70 + i, timestampNs: t));
            Assert.Equal(AltitudeState.Held, e.State);
            Assert.InRange(e.AltitudeM, 2.45, 2.55);
        }
    }

    [Fact]
    public void Diffuse_plume_near_the_transducer_does_not_capture_the_pick()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { AcquirePings = 1 });
        var c = pipeline.DefaultSoundSpeedMps;
        // Volume reverberation whose amplitude rises smoothly with range over the first 2.8 m (a plume the
        // vehicle sits in), peaking 14 dB above the noise before compression, then the seabed at 3.0 m.
        static double Plume(double r) => r < 2.8 ? 0.5 * Math.Min(1.0, r / 2.0) : 0.0;
        var ping = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(3.0, 1.0)], 0.1, seed: 5,
            volumeStd: Plume);
        var estimate = pipeline.Process(ping);
        Assert.Equal(AltitudeState.Valid, estimate.State);
        Assert.InRange(estimate.RawPickM, 3.0 - 0.039, 3.0 + 0.039);
    }

    [Fact]
    public void Tracker_gates_out_a_strong_layer_then_holds_and_loses_the_bottom()
    {
        var settings = new EchosounderSettings { MaxHoldS = 0.5 };
        var pipeline = new EchosounderPipeline(settings);
        var c = pipeline.DefaultSoundSpeedMps;
        var t = 0L;
        AltitudeEstimate e = default;
        for (var i = 0; i < 5; i++, t += PingPeriodNs)
        {
            e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(3.0, 0.5)],
                0.05, seed: 10 + i, timestampNs: t));
        }
        Assert.Equal(AltitudeState.Valid, e.State);

        // A layer at 1.6 m, stronger after TVG than the bottom: outside the gate, ignored.
        e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c,
            [(1.6, 1.0), (3.0, 0.5)], 0.05, seed: 20, timestampNs: t));
        t += PingPeriodNs;
        Assert.Equal(AltitudeState.Valid, e.State);
        Assert.InRange(e.AltitudeM, 2.95, 3.05);

        // Noise only: the last altitude is held with falling confidence, then the track is lost.
        var lastConfidence = e.Confidence;
        for (var i = 0; i < 5; i++, t += PingPeriodNs)
        {
            e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [], 0.05,
                seed: 30 + i, timestampNs: t));
            Assert.Equal(AltitudeState.Held, e.State);
            Assert.InRange(e.AltitudeM, 2.95, 3.05);
            Assert.True(e.Confidence < lastConfidence, $"confidence {e.Confidence} did not fall below {lastConfidence}");
            lastConfidence = e.Confidence;
        }
        e = pipeline.Process(SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [], 0.05, seed: 40,
            timestampNs: t + PingPeriodNs));
        Assert.Equal(AltitudeState.Lost, e.State);
        Assert.True(double.IsNaN(e.AltitudeM));
        Assert.Equal(0.0, e.Confidence);
    }

    [Fact]
    public void Non_finite_samples_are_counted_and_the_pipeline_keeps_running()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { AcquirePings = 1 });
        var c = pipeline.DefaultSoundSpeedMps;
        var good = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(2.0, 1.0)], 0.05, seed: 6);
        var bad = good.Re.ToArray();
        bad[100] = float.NaN;
        var e = pipeline.Process(good with { Re = bad });
        Assert.Equal(1, pipeline.NonFinitePingCount);
        Assert.Equal(AltitudeState.Lost, e.State);

        var inf = good.Im.ToArray();
        inf[5] = float.PositiveInfinity;
        pipeline.Process(good with { Im = inf });
        Assert.Equal(2, pipeline.NonFinitePingCount);

        e = pipeline.Process(good);
        Assert.Equal(AltitudeState.Valid, e.State);
        Assert.InRange(e.RawPickM, 2.0 - 0.039, 2.0 + 0.039);
    }

    [Fact]
    public void Malformed_pings_are_counted_not_thrown()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { MaxSampleCount = 4096 });
        var c = pipeline.DefaultSoundSpeedMps;
        var good = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(2.0, 1.0)], 0.05, seed: 8,
            rangeWindowM: 5.0);
        EchosounderPing[] bad =
        [
            good with { SampleRateHz = 0 },
            good with { SampleRateHz = double.NaN },
            good with { SampleCount = good.Re.Length + 1 },
            good with { Im = ReadOnlyMemory<float>.Empty },
            good with { Pulse = EchosounderPulse.Cw(0) },
            good with { Pulse = EchosounderPulse.Lfm(200_000, 200_000, 1e-3) },
            good with { StartDelayS = -1 },
            good with { Format = (EchosounderSampleFormat)7 },
            good with { Format = EchosounderSampleFormat.RealPassband, CarrierFrequencyHz = 60_000 },
            good with { SampleCount = 5000, Re = new float[5000], Im = new float[5000] },
        ];
        foreach (var ping in bad)
        {
            var e = pipeline.Process(ping);
            Assert.Equal(AltitudeState.Lost, e.State);
        }
        Assert.Equal(bad.Length, pipeline.RejectedPingCount);
        Assert.Equal(bad.Length, pipeline.PingCount);
    }

    [Theory]
    [InlineData(EchosounderSampleFormat.ComplexBaseband)]
    [InlineData(EchosounderSampleFormat.RealPassband)]
    public void Steady_state_allocates_nothing(EchosounderSampleFormat format)
    {
        var pipeline = new EchosounderPipeline();
        var c = pipeline.DefaultSoundSpeedMps;
        var a = SyntheticPing.Make(format, SyntheticPing.Lfm, c, [(3.0, 1.0)], 0.1, seed: 9);
        var b = SyntheticPing.Make(format, SyntheticPing.Lfm, c, [(3.02, 1.0)], 0.1, seed: 10, timestampNs: PingPeriodNs);
        var d = SyntheticPing.Make(format, SyntheticPing.Lfm, c, [], 0.1, seed: 11, timestampNs: 2 * PingPeriodNs);
        pipeline.Process(a);
        pipeline.Process(b);
        pipeline.Process(d);
        // A window is an echo, a second echo and a ping without one, at the next three ping times; a one-off of the
        // runtime's (3,664 B once, in a 128-bit pass of a fresh-clone CI run) cannot recur in every window.
        AltitudeEstimate e1 = default, e2 = default, e3 = default;
        var k = 3;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            e1 = pipeline.Process(SyntheticPing.WithStamp(a, k++ * PingPeriodNs));
            e2 = pipeline.Process(SyntheticPing.WithStamp(b, k++ * PingPeriodNs));
            e3 = pipeline.Process(SyntheticPing.WithStamp(d, k++ * PingPeriodNs));
        });
        Assert.Equal(AltitudeState.Valid, e2.State);
        Assert.NotEqual(e1, e3);
    }

    [Fact]
    public void Reset_forgets_track_and_counters_and_repeats_the_same_results()
    {
        var pipeline = new EchosounderPipeline();
        var c = pipeline.DefaultSoundSpeedMps;
        var pings = new EchosounderPing[4];
        for (var i = 0; i < pings.Length; i++)
        {
            pings[i] = SyntheticPing.Make(EchosounderSampleFormat.RealPassband, SyntheticPing.Lfm, c, [(2.0 + 0.01 * i, 1.0)], 0.1,
                seed: 50 + i, timestampNs: i * PingPeriodNs, sequence: (uint)i);
        }
        var first = new AltitudeEstimate[pings.Length];
        for (var i = 0; i < pings.Length; i++)
        {
            first[i] = pipeline.Process(pings[i]);
        }
        var bad = pings[0].Re.ToArray();
        bad[0] = float.NaN;
        pipeline.Process(pings[0] with { Re = bad });
        pipeline.Reset();
        Assert.Equal(0, pipeline.PingCount);
        Assert.Equal(0, pipeline.NonFinitePingCount);
        for (var i = 0; i < pings.Length; i++)
        {
            Assert.Equal(first[i], pipeline.Process(pings[i]));
        }
        Assert.Equal(AltitudeState.Lost, first[0].State);
        Assert.Equal(AltitudeState.Valid, first[3].State);
    }

    [Fact]
    public void Replicas_are_cached_per_pulse_and_switching_pulses_works()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { ReplicaCacheSize = 1, AcquirePings = 1 });
        var c = pipeline.DefaultSoundSpeedMps;
        var lfm = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(2.0, 1.0)], 0.05, seed: 12);
        var cw = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Cw, c, [(2.0, 1.0)], 0.05, seed: 13);
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(pipeline.Process(SyntheticPing.WithStamp(lfm, 2 * i * PingPeriodNs)).RawPickM, 1.96, 2.04);
            Assert.InRange(pipeline.Process(SyntheticPing.WithStamp(cw, (2 * i + 1) * PingPeriodNs)).RawPickM, 1.92, 2.08);
        }
    }

    [Fact]
    public void Ping_length_changes_rebuild_once_per_size_class_and_keep_picking()
    {
        var pipeline = new EchosounderPipeline(new EchosounderSettings { AcquirePings = 1 });
        var c = pipeline.DefaultSoundSpeedMps;
        // 3 m window (386 samples), 10 m (1,287) and 40 m (5,146): three FFT size classes at 100 kHz.
        var windows = new[] { 3.0, 10.0, 40.0, 10.0, 3.0 };
        for (var i = 0; i < windows.Length; i++)
        {
            var ping = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(2.0, 1.0)], 0.05,
                seed: 80 + i, rangeWindowM: windows[i], timestampNs: i * PingPeriodNs);
            var e = pipeline.Process(ping);
            Assert.Equal(AltitudeState.Valid, e.State);
            Assert.InRange(e.RawPickM, 2.0 - 0.039, 2.0 + 0.039);
        }
        // All three classes fit the default cache of four: revisiting allocates nothing.
        var again = SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, c, [(2.0, 1.0)], 0.05, seed: 90,
            rangeWindowM: 40.0, timestampNs: 10 * PingPeriodNs);
        pipeline.Process(again);
        // Each window is the next ping in time, so a repeated window is a real ping, not a refused duplicate stamp.
        var next = 11;
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            pipeline.Process(SyntheticPing.WithStamp(again, next++ * PingPeriodNs));
        });
    }

    public static TheoryData<string, EchosounderSettings> BadSettings() => new()
    {
        { nameof(EchosounderSettings.TemperatureC), new EchosounderSettings { TemperatureC = double.NaN } },
        { nameof(EchosounderSettings.SoundSpeedMps), new EchosounderSettings { SoundSpeedMps = 100 } },
        { nameof(EchosounderSettings.MaxSampleCount), new EchosounderSettings { MaxSampleCount = 0 } },
        { nameof(EchosounderSettings.MaxAltitudeM), new EchosounderSettings { MinAltitudeM = 5, MaxAltitudeM = 4 } },
        { nameof(EchosounderSettings.GateM), new EchosounderSettings { GateM = 0 } },
        { nameof(EchosounderSettings.AcquirePings), new EchosounderSettings { AcquirePings = 0 } },
        { nameof(EchosounderSettings.TrackAlpha), new EchosounderSettings { TrackAlpha = 0 } },
        { nameof(EchosounderSettings.ReplicaCacheSize), new EchosounderSettings { ReplicaCacheSize = 0 } },
        { nameof(EchosounderSettings.BasebandOversampling), new EchosounderSettings { BasebandOversampling = 1 } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_throw_naming_the_setting(string name, EchosounderSettings settings)
    {
        var ex = Assert.Throws<ArgumentException>(() => new EchosounderPipeline(settings));
        Assert.Equal(name, ex.ParamName);
    }
}
