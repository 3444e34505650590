using System.Numerics.Tensors;
using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>
/// Builds a 360° picture from a mechanically scanned sonar one step at a time: TVG and per-range-bin
/// normalisation of each step, resampling onto the polar image's fixed range grid (400 angles × RangeBins),
/// a Cartesian display image on demand, and obstacles from the shared <see cref="PolarObstacleDetector"/> run
/// over each sector the head sweeps.
/// </summary>
/// <remarks>
/// <para>Range convention: sample i integrates the echo over [i·T, (i+1)·T) after transmission, so its centre lies
/// at r = c·T·(i + 0.5)/2 and the step covers R = c·T·N/2. The image's bin b covers [b, b+1)·R_img/B. A step is
/// mapped by averaging the samples inside each bin when a bin holds two or more samples, else by linear
/// interpolation at the bin centre; bins beyond the step's range are left empty (0).</para>
/// <para>Range changes: when a step's R differs from the image's by more than
/// <see cref="ScanningSonarSettings.RangeTolerance"/>, the image takes the new range and, by
/// <see cref="ScanningSonarSettings.RangeChange"/>, either resamples every stored angle onto the new grid (cells
/// beyond the old range emptied) or clears. Either way the per-bin normalisation restarts (its bins now mean
/// other ranges), and so does the sector being swept. A change in sample count at the same range is just resampled.
/// A gain-setting change also restarts the normalisation (the device's gain steps are not published).</para>
/// <para>Obstacles: each step's angle is tracked as an unwrapped signed sweep (so sector scans that reverse
/// work too). When the swept arc reaches <see cref="ScanningSonarSettings.SectorGrads"/>, the arc plus margins of
/// guard + training + <see cref="ScanningSonarSettings.ClusterMarginGrads"/> angles on each side is copied (with
/// wrap-around at 0/400) into a contiguous image, squared (amplitude to intensity, which the detector's CFAR factor
/// assumes), and handed to the detector (so <see cref="Obstacle.StrengthDb"/> is 10·log10 of the normalised
/// intensity); obstacles whose centre lies in the arc
/// are reported (each once: neighbouring sectors do not overlap). An arc so wide that the margins would overlap is
/// detected as one full turn without margins. Bearing 0 is the sonar's forward mark, positive clockwise.</para>
/// <para>Allocation: none per step. The TVG table is rebuilt (one allocation) when the sample period or the
/// frequency changes.</para>
/// </remarks>
public sealed class ScanningSonarPipeline
{
    /// <summary>Angles (steps) per turn: Ping360 counts in gradians.</summary>
    public const int AnglesPerTurn = 400;

    private readonly ScanningSonarSettings _settings;
    private readonly int _bins;
    private readonly float[] _image;
    private readonly float[] _samples;
    private readonly float[] _row;
    private readonly float[] _mean;
    private readonly int[] _count;
    private readonly PolarObstacleDetector _detector;
    private readonly int _margin;
    private readonly float[] _sector;
    private readonly float[] _bearings;
    private readonly Obstacle[] _found;
    private readonly Obstacle[] _obstacles;
    private readonly CartesianRenderer _cartesian;
    private TimeVaryingGain? _tvg;
    private int _tvgTicks;
    private int _tvgFrequency;
    private double _imageRangeM = double.NaN;
    private int _gainSetting = -1;
    private int _lastAngle = -1;
    private int _arcStart;
    private int _arcOffset;
    private int _arcMin;
    private int _arcMax;
    private int _obstacleCount;

    /// <summary>Creates the pipeline and allocates all its buffers.</summary>
    /// <param name="settings">Settings (validated here).</param>
    /// <exception cref="ArgumentException">A setting is invalid (the exception names it).</exception>
    public ScanningSonarPipeline(ScanningSonarSettings settings)
        : this(settings, VectorPaths.Detected)
    {
    }

    /// <summary>Creates the pipeline with its detector's vector loops held to <paramref name="path"/> at most
    /// (tests cover the narrower machines' paths with it; every path gives the same result).</summary>
    /// <param name="settings">Settings (validated here).</param>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    internal ScanningSonarPipeline(ScanningSonarSettings settings, VectorPath path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _bins = settings.RangeBins;
        _image = new float[AnglesPerTurn * _bins];
        _samples = new float[settings.MaxSamples];
        _row = new float[_bins];
        _mean = new float[_bins];
        _count = new int[_bins];
        _margin = settings.Obstacles.GuardBeams + settings.Obstacles.TrainingBeams + settings.ClusterMarginGrads;
        var maxBeams = AnglesPerTurn + 2 * _margin;
        _detector = new PolarObstacleDetector(settings.Obstacles, maxBeams, _bins, path);
        _sector = new float[maxBeams * _bins];
        _bearings = new float[maxBeams];
        _found = new Obstacle[settings.MaxObstacles];
        _obstacles = new Obstacle[settings.MaxObstacles];
        _cartesian = new CartesianRenderer(settings.CartesianSize, _bins, settings.DisplayFullScale);
    }

    /// <summary>The settings.</summary>
    public ScanningSonarSettings Settings => _settings;

    /// <summary>The polar image: 400 angles × <see cref="ScanningSonarSettings.RangeBins"/>, row-major by angle,
    /// normalised (background 1; never-written cells 0).</summary>
    public ReadOnlySpan<float> PolarImage => _image;

    /// <summary>Range covered by the polar image, metres (NaN before the first step).</summary>
    public double ImageRangeM => _imageRangeM;

    /// <summary>Range-bin spacing of the polar image, metres (NaN before the first step).</summary>
    public double BinSpacingM => _imageRangeM / _bins;

    /// <summary>Obstacles found by the last sector detection (valid until the next one).</summary>
    public ReadOnlySpan<Obstacle> Obstacles => _obstacles.AsSpan(0, _obstacleCount);

    /// <summary>Steps accepted since construction or <see cref="Reset"/>.</summary>
    public long StepsProcessed { get; private set; }

    /// <summary>Steps rejected (angle ≥ 400, zero sample period, bad size).</summary>
    public long StepsRejected { get; private set; }

    /// <summary>Times the image range changed.</summary>
    public long RangeChanges { get; private set; }

    /// <summary>Sector detections run.</summary>
    public long SectorDetections { get; private set; }

    /// <summary>Converts a Ping360 angle (gradians) to a bearing in radians in (−π, π], 0 ahead, positive clockwise.</summary>
    /// <param name="grads">Angle in gradians (any integer; taken modulo 400).</param>
    public static float BearingOf(int grads)
    {
        var g = ((grads % AnglesPerTurn) + AnglesPerTurn) % AnglesPerTurn;
        if (g > AnglesPerTurn / 2)
        {
            g -= AnglesPerTurn;
        }
        return (float)(g * (2.0 * Math.PI / AnglesPerTurn));
    }

    /// <summary>Processes one step.</summary>
    /// <param name="step">The step; it is not modified.</param>
    /// <returns>What was made of it.</returns>
    public ScanningSonarResult Process(ScanningSonarStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var n = step.SampleCount;
        int angle = step.AngleGrads;
        if (angle >= AnglesPerTurn || step.SamplePeriodTicks == 0 || n < 2 || n > _settings.MaxSamples
            || n > step.Intensities.Length)
        {
            StepsRejected++;
            return new ScanningSonarResult(step.Stamp, false, angle, (float)_imageRangeM, false, false, 0);
        }

        var c = _settings.SoundSpeedMps;
        var period = step.SamplePeriodS;
        var stepRange = c * period * n / 2.0;
        var rangeChanged = false;
        if (double.IsNaN(_imageRangeM))
        {
            _imageRangeM = stepRange;
        }
        else if (Math.Abs(stepRange - _imageRangeM) > _settings.RangeTolerance * _imageRangeM)
        {
            ChangeRange(stepRange);
            rangeChanged = true;
        }
        if (step.GainSetting != _gainSetting)
        {
            Array.Clear(_count);
            _gainSetting = step.GainSetting;
        }

        var samples = _samples.AsSpan(0, n);
        TensorPrimitives.ConvertChecked<byte, float>(step.Intensities.AsSpan(0, n), samples);
        TvgFor(step)?.Process(samples);
        var filled = Resample(samples, period, c);
        Normalise(filled);
        WriteRow(angle);

        var detected = Sweep(angle);
        StepsProcessed++;
        return new ScanningSonarResult(step.Stamp, true, angle, (float)_imageRangeM, rangeChanged, detected,
            detected ? _obstacleCount : 0);
    }

    /// <summary>
    /// Renders the polar image as a square Cartesian picture (<see cref="ScanningSonarSettings.CartesianSize"/>
    /// pixels a side, row-major, top = the sonar's forward mark, the sonar at the centre, the image range at the
    /// inscribed circle's edge; pixels outside it are 0).
    /// </summary>
    /// <remarks>
    /// Incremental: the pipeline keeps the last picture and redraws only the pixels of angles whose polar row changed
    /// since (a display at 2 Hz over a head stepping 15–30 times a second redraws a few percent of the picture); a
    /// range change, a rescale or a reset redraws everything. The result is the same as a full redraw, byte for byte
    /// (tested), since each pixel depends on its own cell only.
    /// </remarks>
    /// <param name="pixels">At least CartesianSize² bytes.</param>
    public void RenderCartesian(Span<byte> pixels) => _cartesian.Process(_image, pixels);

    /// <summary>Every pixel redrawn from the polar image: the reference the incremental render must equal.</summary>
    internal void RenderAll(Span<byte> pixels) => _cartesian.RenderAll(_image, pixels);

    /// <summary>Runs obstacle detection over the whole turn now (for example on demand from a display).</summary>
    /// <returns>The number of obstacles found (see <see cref="Obstacles"/>).</returns>
    public int DetectWholeTurn()
    {
        DetectArc(0, AnglesPerTurn - 1);
        return _obstacleCount;
    }

    /// <summary>Forgets everything: image, range, normalisation, sweep, obstacles, counters.</summary>
    public void Reset()
    {
        Array.Clear(_image);
        _cartesian.Reset();
        Array.Clear(_mean);
        Array.Clear(_count);
        _imageRangeM = double.NaN;
        _gainSetting = -1;
        _lastAngle = -1;
        _obstacleCount = 0;
        StepsProcessed = 0;
        StepsRejected = 0;
        RangeChanges = 0;
        SectorDetections = 0;
        _detector.Reset();
    }

    private TimeVaryingGain? TvgFor(ScanningSonarStep step)
    {
        if (!_settings.ApplyTvg)
        {
            return null;
        }
        if (_tvg is null || _tvgTicks != step.SamplePeriodTicks || _tvgFrequency != step.TransmitFrequencyKHz)
        {
            var frequency = step.TransmitFrequencyKHz * 1000.0;
            // Absorption from Francois–Garrison at the seabed's conditions unless fixed (the brief: ~217 dB/km at
            // 750 kHz); the table covers MaxSamples so a sample-count change needs no rebuild.
            var alpha = !double.IsNaN(_settings.AbsorptionDbPerKm) ? _settings.AbsorptionDbPerKm
                : frequency > 0 ? Absorption.FrancoisGarrison(frequency, _settings.TemperatureC, _settings.SalinityPsu, _settings.DepthM)
                : 0.0;
            _tvg = new TimeVaryingGain(_settings.MaxSamples, 1.0 / step.SamplePeriodS, _settings.SoundSpeedMps, alpha,
                _settings.TvgSpreading);
            _tvgTicks = step.SamplePeriodTicks;
            _tvgFrequency = step.TransmitFrequencyKHz;
        }
        return _tvg;
    }

    /// <summary>Maps the step's samples onto the image's range bins; returns the number of bins reached.</summary>
    private int Resample(ReadOnlySpan<float> samples, double period, double c)
    {
        var n = samples.Length;
        var row = _row;
        // Bin b spans [b, b+1)·a sample periods, a = (R_img/B) / (c·T/2).
        var a = _imageRangeM / _bins / (c * period / 2.0);
        var filled = 0;
        for (var b = 0; b < row.Length; b++)
        {
            var lo = b * a;
            var hi = lo + a;
            if (lo >= n)
            {
                row[b] = 0;
                continue;
            }
            var first = (int)Math.Ceiling(lo - 0.5);
            var last = (int)Math.Ceiling(hi - 0.5) - 1;
            if (last > n - 1)
            {
                last = n - 1;
            }
            if (last - first >= 1)
            {
                // Two or more sample centres (i + 0.5) fall inside the bin: average them.
                row[b] = TensorPrimitives.Sum(samples.Slice(first, last - first + 1)) / (last - first + 1);
            }
            else
            {
                var f = (lo + hi) / 2.0 - 0.5;
                if (f <= 0)
                {
                    row[b] = samples[0];
                }
                else if (f >= n - 1)
                {
                    row[b] = samples[n - 1];
                }
                else
                {
                    var i = (int)f;
                    var frac = (float)(f - i);
                    row[b] = samples[i] + frac * (samples[i + 1] - samples[i]);
                }
            }
            filled = b + 1;
        }
        return filled;
    }

    private void Normalise(int filled)
    {
        var row = _row;
        var mean = _mean;
        var count = _count;
        var alpha = _settings.NormalisationAlpha;
        var lo = (float)_settings.NormalisationClipLow;
        var hi = (float)_settings.NormalisationClipHigh;
        // Scalar: each bin has its own warm-up count (α = 1/n until 1/n < α).
        for (var b = 0; b < filled; b++)
        {
            var x = row[b];
            var m = mean[b];
            if (count[b] == 0 || !(m > 0))
            {
                mean[b] = x;
                count[b] = 1;
                row[b] = 1f;
                continue;
            }
            row[b] = x / m;
            var w = (float)Math.Max(alpha, 1.0 / (count[b] + 1));
            mean[b] = m + w * (Math.Clamp(x, lo * m, hi * m) - m);
            if (count[b] < int.MaxValue)
            {
                count[b]++;
            }
        }
    }

    private void WriteRow(int angle)
    {
        _row.CopyTo(_image.AsSpan(angle * _bins, _bins));
        _cartesian.MarkChanged(angle);
        if (_lastAngle < 0)
        {
            return;
        }
        // Coarse steps: fill the angles between the previous step and this one with this step's row.
        var delta = ShortestDelta(_lastAngle, angle);
        var gap = Math.Abs(delta);
        if (gap >= 2 && gap <= _settings.MaxFillGrads)
        {
            var dir = Math.Sign(delta);
            for (var k = 1; k < gap; k++)
            {
                var a = Wrap(_lastAngle + dir * k);
                _row.CopyTo(_image.AsSpan(a * _bins, _bins));
                _cartesian.MarkChanged(a);
            }
        }
    }

    /// <summary>Tracks the swept arc; runs detection when it reaches the sector size.</summary>
    private bool Sweep(int angle)
    {
        if (_lastAngle < 0)
        {
            StartArc(angle);
            _lastAngle = angle;
            return false;
        }
        _arcOffset += ShortestDelta(_lastAngle, angle);
        _lastAngle = angle;
        _arcMin = Math.Min(_arcMin, _arcOffset);
        _arcMax = Math.Max(_arcMax, _arcOffset);
        if (_arcMax - _arcMin + 1 < _settings.SectorGrads)
        {
            return false;
        }
        DetectArc(_arcStart + _arcMin, _arcStart + _arcMax);
        // The next sector starts just past this one in the direction of travel.
        var next = _arcOffset >= _arcMax ? _arcStart + _arcMax + 1 : _arcStart + _arcMin - 1;
        // It is empty: the current angle lies just behind it; the next step's offset fills it.
        _arcStart = Wrap(next);
        _arcOffset = ShortestDelta(_arcStart, angle);
        _arcMin = int.MaxValue;
        _arcMax = int.MinValue;
        return true;
    }

    private void StartArc(int angle)
    {
        _arcStart = angle;
        _arcOffset = 0;
        _arcMin = 0;
        _arcMax = 0;
    }

    /// <summary>Detects over angles first..last (unwrapped, first ≤ last) plus margins; keeps obstacles centred inside.</summary>
    private void DetectArc(int first, int last)
    {
        SectorDetections++;
        var span = last - first + 1;
        int lo, beams, margin;
        if (span + 2 * _margin > AnglesPerTurn)
        {
            lo = first;
            beams = AnglesPerTurn;
            margin = 0;
        }
        else
        {
            lo = first - _margin;
            beams = span + 2 * _margin;
            margin = _margin;
        }
        for (var j = 0; j < beams; j++)
        {
            var a = Wrap(lo + j);
            // The samples are echo amplitudes; the detector's CA-CFAR factor is designed for exponential
            // (speckle) intensity, so the sector is squared: Rayleigh amplitude² is exponential.
            var dst = _sector.AsSpan(j * _bins, _bins);
            TensorPrimitives.Multiply(_image.AsSpan(a * _bins, _bins), _image.AsSpan(a * _bins, _bins), dst);
            _bearings[j] = BearingOf(a);
        }
        var dr = (float)BinSpacingM;
        var found = _detector.Process(_sector.AsSpan(0, beams * _bins), beams, _bins, _bearings.AsSpan(0, beams),
            dr / 2, dr, _found);
        _obstacleCount = 0;
        for (var k = 0; k < found; k++)
        {
            var o = _found[k];
            if (margin > 0)
            {
                // Offset of the centre from the arc's first angle, in gradians, folded to [−200, 200).
                var grads = o.BearingRad * (AnglesPerTurn / (2.0 * Math.PI));
                var offset = grads - Wrap(first);
                offset -= AnglesPerTurn * Math.Floor((offset + AnglesPerTurn / 2.0) / AnglesPerTurn);
                if (offset < -0.5 || offset >= span - 0.5)
                {
                    continue;
                }
            }
            _obstacles[_obstacleCount++] = o;
        }
    }

    private void ChangeRange(double newRange)
    {
        RangeChanges++;
        var oldRange = _imageRangeM;
        _imageRangeM = newRange;
        // Every row is cleared or rescaled below.
        _cartesian.Reset();
        Array.Clear(_count);
        _lastAngle = -1;
        if (_settings.RangeChange == RangeChangePolicy.Clear)
        {
            Array.Clear(_image);
            return;
        }
        // Rescale: new bin b's centre (b + 0.5)·R_new/B read from the old grid at fractional bin
        // (b + 0.5)·R_new/R_old − 0.5 by linear interpolation; beyond the old range the cell is emptied.
        var ratio = newRange / oldRange;
        var row = _row;
        for (var a = 0; a < AnglesPerTurn; a++)
        {
            var old = _image.AsSpan(a * _bins, _bins);
            for (var b = 0; b < _bins; b++)
            {
                var f = (b + 0.5) * ratio - 0.5;
                if (f >= _bins - 0.5)
                {
                    row[b] = 0;
                    continue;
                }
                f = Math.Clamp(f, 0, _bins - 1);
                var i = (int)f;
                var frac = (float)(f - i);
                row[b] = i < _bins - 1 ? old[i] + frac * (old[i + 1] - old[i]) : old[i];
            }
            row.CopyTo(old);
        }
    }

    private static int ShortestDelta(int from, int to)
    {
        var d = ((to - from) % AnglesPerTurn + AnglesPerTurn) % AnglesPerTurn;
        return d >= AnglesPerTurn / 2 ? d - AnglesPerTurn : d;
    }

    /// <summary>An angle folded into 0..<see cref="AnglesPerTurn"/> − 1.</summary>
    internal static int Wrap(int angle) => ((angle % AnglesPerTurn) + AnglesPerTurn) % AnglesPerTurn;

}
