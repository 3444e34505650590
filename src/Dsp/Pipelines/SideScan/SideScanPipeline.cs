using System.Numerics.Tensors;
using RovDsp.Dsp.Acoustics;

namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// Side-scan processing, one line at a time: altitude (given, or detected from the first bottom return in the
/// water column), time-varying gain, slant-range to ground-range correction onto a fixed grid (the water column
/// drops out), across-track normalisation by a running per-bin mean, an 8-bit waterfall, and highlight/shadow
/// target detection with a height estimate from the shadow length.
/// </summary>
/// <remarks>
/// <para>Geometry (flat seabed): a sample at slant range s from a transducer at altitude a lies at ground range
/// g = √(s² − a²) (Blondel 2009, "The Handbook of Sidescan Sonar", ch. 4). The grid is the inverse: ground bin k
/// at g_k = k·Δg reads the line at slant range √(g_k² + a²) by linear interpolation, so samples with s &lt; a
/// (the water column) are never read. Grid bins beyond the line's slant range are left uncovered (0 in the
/// waterfall, skipped by the detector).</para>
/// <para>Normalisation: each ground bin keeps a running mean across lines, m ← m + α(clamp(x, lo·m, hi·m) − m)
/// (the <see cref="Statistics.Ewma"/> recursion, winsorised so that a wreck spanning many lines does not become
/// its own background; α = 1/n for the first 1/α lines so the mean starts as a plain average). The output is
/// x / m (background 1), computed with the mean before this line's update.</para>
/// <para>Height of a target from its shadow: with the shadow starting at ground range R and lasting L, similar
/// triangles between the transducer at altitude a, the object's top and the shadow's end give
/// h = a·L / (R + L) (Blondel 2009, ch. 4).</para>
/// <para>Allocation: none per line. The TVG table is rebuilt (one allocation) when a line's sample interval,
/// sound speed or frequency differs from the previous line's.</para>
/// </remarks>
public sealed class SideScanPipeline
{
    private readonly SideScanSettings _settings;
    private readonly float[] _work;
    private readonly double[] _prefix;
    private readonly float[] _groundSquared;
    private readonly float[] _index;
    private readonly float[][] _ground;
    private readonly float[][] _mean;
    private readonly int[][] _count;
    private readonly HighlightShadowDetector _detector;
    private readonly HighlightShadowPair[] _pairs;
    private readonly SideScanTarget[] _targets;
    private readonly int[] _validStart = new int[2];
    private readonly int[] _validEnd = new int[2];
    private TimeVaryingGain? _tvg;
    private double _tvgInterval;
    private double _tvgSoundSpeed;
    private double _tvgFrequency = double.NaN;
    private int _targetCount;

    /// <summary>Creates the pipeline and allocates all its buffers.</summary>
    /// <param name="settings">Settings (validated here).</param>
    /// <exception cref="ArgumentException">A setting is invalid (the exception names it).</exception>
    public SideScanPipeline(SideScanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        var bins = settings.GroundBins;
        _work = new float[settings.MaxSamples];
        _prefix = new double[settings.MaxSamples + 1];
        _groundSquared = new float[bins];
        _index = new float[bins];
        var dg = settings.BinSpacingM;
        for (var k = 0; k < bins; k++)
        {
            _groundSquared[k] = (float)(k * dg * (k * dg));
        }
        _ground = [new float[bins], new float[bins]];
        _mean = [new float[bins], new float[bins]];
        _count = [new int[bins], new int[bins]];
        Waterfall = new SideScanWaterfall(2 * bins, settings.WaterfallLines);
        _detector = new HighlightShadowDetector(bins,
            BinsOf(settings.HighlightWindowM, dg), (float)settings.HighlightLevel,
            BinsOf(settings.ShadowWindowM, dg), (float)settings.ShadowLevel, (float)settings.ShadowEndLevel,
            BinsOf(settings.MinShadowLengthM, dg));
        _pairs = new HighlightShadowPair[settings.MaxTargetsPerSide];
        _targets = new SideScanTarget[2 * settings.MaxTargetsPerSide];
    }

    /// <summary>The settings.</summary>
    public SideScanSettings Settings => _settings;

    /// <summary>The waterfall of normalised lines (2·GroundBins wide, port far range on the left).</summary>
    public SideScanWaterfall Waterfall { get; }

    /// <summary>Targets found in the last processed line (valid until the next <see cref="Process"/>).</summary>
    public ReadOnlySpan<SideScanTarget> Targets => _targets.AsSpan(0, _targetCount);

    /// <summary>Lines accepted since construction or <see cref="Reset"/>.</summary>
    public long LinesProcessed { get; private set; }

    /// <summary>Lines rejected (bad timing, sizes or non-finite samples).</summary>
    public long LinesRejected { get; private set; }

    /// <summary>Lines without a given altitude in which no bottom return was found either.</summary>
    public long BottomNotFound { get; private set; }

    /// <summary>The last normalised ground-range line of one side (background 1; uncovered bins 0).</summary>
    /// <param name="side">The side.</param>
    public ReadOnlySpan<float> NormalisedLine(SideScanSide side) => _ground[(int)side];

    /// <summary>Ground range of bin <paramref name="bin"/>, metres.</summary>
    /// <param name="bin">Bin index.</param>
    public double GroundRangeOfBin(int bin) => bin * _settings.BinSpacingM;

    /// <summary>Processes one line.</summary>
    /// <param name="line">The line; it is not modified.</param>
    /// <returns>What was made of it; <see cref="SideScanResult.Accepted"/> is false for a rejected line.</returns>
    public SideScanResult Process(SideScanLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _targetCount = 0;
        var n = line.SampleCount;
        if (!IsValid(line))
        {
            LinesRejected++;
            return new SideScanResult(line.Stamp, false, float.NaN, SideScanAltitudeSource.None, 0, 0, 0);
        }

        var c = line.SoundSpeedMps;
        var dt = line.SampleIntervalS;
        var delay = line.FirstSampleDelayS;

        // Altitude: the vehicle's when given, else the nearer of the two sides' first bottom returns.
        double altitude;
        SideScanAltitudeSource source;
        if (!double.IsNaN(line.AltitudeM))
        {
            altitude = line.AltitudeM;
            source = SideScanAltitudeSource.Given;
        }
        else
        {
            var port = FirstBottomSample(line.Port.AsSpan(0, n), c, dt, delay);
            var stbd = FirstBottomSample(line.Starboard.AsSpan(0, n), c, dt, delay);
            var first = port < 0 ? stbd : stbd < 0 ? port : Math.Min(port, stbd);
            if (first < 0)
            {
                altitude = 0;
                source = SideScanAltitudeSource.None;
                BottomNotFound++;
            }
            else
            {
                altitude = c * (delay + first * dt) / 2.0;
                source = SideScanAltitudeSource.Detected;
            }
        }

        // Fractional sample index of each ground bin: i = (2·√(g² + a²)/c − delay)/dt, vectorised.
        var index = _index.AsSpan();
        TensorPrimitives.Add(_groundSquared, (float)(altitude * altitude), index);
        TensorPrimitives.Sqrt(index, index);
        TensorPrimitives.Multiply(index, (float)(2.0 / (c * dt)), index);
        TensorPrimitives.Add(index, (float)(-delay / dt), index);

        var tvg = ApplyTvgTable(line);
        for (var side = 0; side < 2; side++)
        {
            var samples = (side == 0 ? line.Port : line.Starboard).AsSpan(0, n);
            var work = _work.AsSpan(0, n);
            TensorPrimitives.Abs(samples, work);
            tvg?.Process(work);
            Resample(work, side);
            Normalise(side);
        }

        WriteWaterfallRow();
        var hasAltitude = source != SideScanAltitudeSource.None;
        var firstBin = FirstDetectionBin(altitude, c * dt / 2.0);
        for (var side = 0; side < 2; side++)
        {
            Detect(side, firstBin, line.Stamp, hasAltitude ? altitude : double.NaN);
        }
        LinesProcessed++;
        return new SideScanResult(line.Stamp, true, (float)altitude, source, _validEnd[0], _validEnd[1], _targetCount);
    }

    /// <summary>Forgets all state: running means, waterfall, counters, targets.</summary>
    public void Reset()
    {
        for (var side = 0; side < 2; side++)
        {
            Array.Clear(_mean[side]);
            Array.Clear(_count[side]);
            Array.Clear(_ground[side]);
            _validStart[side] = 0;
            _validEnd[side] = 0;
        }
        Waterfall.Reset();
        _targetCount = 0;
        LinesProcessed = 0;
        LinesRejected = 0;
        BottomNotFound = 0;
    }

    private static int BinsOf(double metres, double spacing) => Math.Max(1, (int)Math.Round(metres / spacing));

    private bool IsValid(SideScanLine line)
    {
        var n = line.SampleCount;
        if (n < 2 || n > _settings.MaxSamples || n > line.Port.Length || n > line.Starboard.Length)
        {
            return false;
        }
        if (!(line.SampleIntervalS > 0) || !double.IsFinite(line.SampleIntervalS)
            || !(line.SoundSpeedMps > 0) || !double.IsFinite(line.SoundSpeedMps)
            || !(line.FirstSampleDelayS >= 0) || !double.IsFinite(line.FirstSampleDelayS))
        {
            return false;
        }
        if (!double.IsNaN(line.AltitudeM) && (!(line.AltitudeM >= 0) || !double.IsFinite(line.AltitudeM)))
        {
            return false;
        }
        // A NaN or infinity anywhere makes the sum non-finite (so do sums beyond float range: also rejected).
        return float.IsFinite(TensorPrimitives.Sum(line.Port.AsSpan(0, n)))
               && float.IsFinite(TensorPrimitives.Sum(line.Starboard.AsSpan(0, n)));
    }

    /// <summary>
    /// First bottom return: the first sample past <see cref="SideScanSettings.MinAltitudeM"/> whose boxcar-smoothed
    /// magnitude exceeds a fraction of the smoothed peak of the line; -1 when none.
    /// </summary>
    private int FirstBottomSample(ReadOnlySpan<float> samples, double c, double dt, double delay)
    {
        var n = samples.Length;
        var prefix = _prefix;
        prefix[0] = 0;
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + Math.Abs(samples[i]);
        }
        var half = Math.Max(0, (int)Math.Round(_settings.BottomSmoothingM * 2.0 / c / dt / 2.0));
        var first = Math.Max(0, (int)Math.Ceiling((2.0 * _settings.MinAltitudeM / c - delay) / dt));
        if (first >= n)
        {
            return -1;
        }
        var peak = 0.0;
        for (var i = first; i < n; i++)
        {
            peak = Math.Max(peak, Smoothed(prefix, i, half, n));
        }
        if (!(peak > 0))
        {
            return -1;
        }
        var threshold = _settings.BottomThresholdFraction * peak;
        for (var i = first; i < n; i++)
        {
            if (Smoothed(prefix, i, half, n) > threshold)
            {
                return i;
            }
        }
        return -1;
    }

    private static double Smoothed(double[] prefix, int i, int half, int n)
    {
        var lo = Math.Max(0, i - half);
        var hi = Math.Min(n, i + half + 1);
        return (prefix[hi] - prefix[lo]) / (hi - lo);
    }

    private TimeVaryingGain? ApplyTvgTable(SideScanLine line)
    {
        if (!_settings.ApplyTvg)
        {
            return null;
        }
        var frequency = double.IsFinite(line.FrequencyHz) && line.FrequencyHz > 0 ? line.FrequencyHz : 0.0;
        if (_tvg is null || _tvgInterval != line.SampleIntervalS || _tvgSoundSpeed != line.SoundSpeedMps
            || !_tvgFrequency.Equals(frequency))
        {
            // Absorption from Francois–Garrison at the seabed's temperature, salinity and depth (the brief: about
            // 102 dB/km at 500 kHz), unless the settings fix it; unknown frequency means no absorption term.
            var alpha = !double.IsNaN(_settings.AbsorptionDbPerKm) ? _settings.AbsorptionDbPerKm
                : frequency > 0 ? Absorption.FrancoisGarrison(frequency, _settings.TemperatureC, _settings.SalinityPsu, _settings.DepthM)
                : 0.0;
            _tvg = new TimeVaryingGain(_settings.MaxSamples, 1.0 / line.SampleIntervalS, line.SoundSpeedMps, alpha,
                _settings.TvgSpreading);
            _tvgInterval = line.SampleIntervalS;
            _tvgSoundSpeed = line.SoundSpeedMps;
            _tvgFrequency = frequency;
        }
        return _tvg;
    }

    private void Resample(ReadOnlySpan<float> samples, int side)
    {
        var n = samples.Length;
        var ground = _ground[side];
        var index = _index;
        var last = n - 1;
        var start = -1;
        var end = 0;
        for (var k = 0; k < ground.Length; k++)
        {
            var f = index[k];
            if (!(f >= 0) || f > last)
            {
                ground[k] = 0;
                continue;
            }
            if (start < 0)
            {
                start = k;
            }
            end = k + 1;
            var i = (int)f;
            var frac = f - i;
            ground[k] = i < last ? samples[i] + frac * (samples[i + 1] - samples[i]) : samples[last];
        }
        _validStart[side] = Math.Max(0, start);
        _validEnd[side] = end;
    }

    private void Normalise(int side)
    {
        var ground = _ground[side];
        var mean = _mean[side];
        var count = _count[side];
        var alpha = _settings.NormalisationAlpha;
        var lo = (float)_settings.NormalisationClipLow;
        var hi = (float)_settings.NormalisationClipHigh;
        var start = _validStart[side];
        var end = _validEnd[side];
        // Scalar: every bin has its own warm-up count (α = 1/n until 1/n < α), ~1 µs for 512 bins.
        for (var k = start; k < end; k++)
        {
            var x = ground[k];
            var m = mean[k];
            if (count[k] == 0 || !(m > 0))
            {
                mean[k] = x;
                count[k] = 1;
                ground[k] = 1f;
                continue;
            }
            ground[k] = x / m;
            var a = (float)Math.Max(alpha, 1.0 / (count[k] + 1));
            mean[k] = m + a * (Math.Clamp(x, lo * m, hi * m) - m);
            if (count[k] < int.MaxValue)
            {
                count[k]++;
            }
        }
    }

    private void WriteWaterfallRow()
    {
        var bins = _settings.GroundBins;
        var row = Waterfall.NextRow();
        var scale = (float)(255.0 / _settings.WaterfallFullScale);
        var port = _ground[0];
        var stbd = _ground[1];
        for (var k = 0; k < bins; k++)
        {
            row[bins - 1 - k] = ToByte(port[k] * scale);
            row[bins + k] = ToByte(stbd[k] * scale);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(v + 0.5f, 0f, 255f);

    private int FirstDetectionBin(double altitude, double sampleSpacing)
    {
        var span = _settings.MaxBinsPerSample * _settings.BinSpacingM;
        var g = span > sampleSpacing
            ? altitude * sampleSpacing / Math.Sqrt(span * span - sampleSpacing * sampleSpacing)
            : altitude;
        return (int)Math.Min(_settings.GroundBins, Math.Ceiling(g / _settings.BinSpacingM));
    }

    private void Detect(int side, int firstBin, MessageStamp stamp, double altitude)
    {
        var start = Math.Max(_validStart[side], firstBin);
        var end = _validEnd[side];
        if (end - start < 2)
        {
            return;
        }
        var found = _detector.Find(_ground[side].AsSpan(start, end - start), _pairs);
        var dg = _settings.BinSpacingM;
        for (var p = 0; p < found; p++)
        {
            var pair = _pairs[p];
            var range = (start + pair.ShadowStart) * dg;
            var length = (pair.ShadowEnd - pair.ShadowStart) * dg;
            var height = altitude * length / (range + length);
            _targets[_targetCount++] = new SideScanTarget(stamp, (SideScanSide)side, (float)range, (float)length,
                (float)height, pair.HighlightLevel, pair.ShadowLevel);
        }
    }
}
