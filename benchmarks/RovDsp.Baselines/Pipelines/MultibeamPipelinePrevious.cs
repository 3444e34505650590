using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines.Obstacles;

using RovDsp.Dsp.Pipelines.Multibeam;

namespace RovDsp.Baselines.Pipelines;

/// <summary>
/// FROZEN COPY of RovDsp.Dsp.Pipelines.Multibeam.MultibeamPipeline as it was before the per-frame speed-up (main at
/// 672215f), kept as the benchmark baseline and as the reference the equivalence test compares against. Do not
/// optimise it. Original summary: the imaging (multibeam) sonar pipeline: one <see cref="MultibeamFrame"/> in, obstacles, the nearest one in
/// the collector's corridor and an 8-bit Cartesian fan image out.
/// </summary>
/// <remarks>
/// <para>Steps, each over the whole beams × bins image in the beam-major layout:</para>
/// <list type="number">
/// <item>Intensity: samples (8-bit widened as vectors) squared when they are amplitudes, the device's
/// gain and per-row gains divided out, and the range compensation of docs/domain.md#transmission-loss applied:
/// k·log10 R + 2αR dB with k = 40 for point targets and α from <see cref="Absorption.FrancoisGarrison"/> at the
/// frame's frequency (about 217 dB/km at 750 kHz, 539 at 1.2 MHz in 1.5 °C water: at 20 m range that is 8.7 dB
/// two-way). The gain formula is <see cref="TimeVaryingGain.GainDb"/>.</item>
/// <item>Per-beam normalisation: each beam is divided by the median of its intensities (sampled every few bins),
/// which removes the beam pattern and leaves 0 dB as the speckle background; the median ignores obstacles and
/// shadows that the mean would follow.</item>
/// <item>Speckle suppression: a box average of <see cref="MultibeamSettings.SpeckleBins"/> bins along range
/// (× <see cref="MultibeamSettings.SpeckleBeams"/> beams), as shifted vector adds; the detector's threshold is
/// designed for that many looks.</item>
/// <item><see cref="PolarObstacleDetector"/> on the filtered image, then
/// <see cref="PolarObstacleDetector.NearestInCorridor"/>.</item>
/// <item>Fan image: the filtered image in dB mapped to 0–255 (vectorised log and saturating conversion), then
/// one gather through a per-geometry table of polar cells (nearest beam by bearing, nearest bin), rebuilt only
/// when the bearings, bin count or spacing change.</item>
/// </list>
/// <para>Every buffer is sized in the constructor for <see cref="MultibeamSettings.MaxBeams"/> ×
/// <see cref="MultibeamSettings.MaxBins"/>; <see cref="Process"/> allocates nothing. A frame with impossible sizes,
/// short arrays, non-finite samples or bearings, or non-positive resolution, sound speed or frequency is
/// rejected (counted in <see cref="RejectedFrames"/>, result not <see cref="MultibeamResult.Valid"/>) and the
/// pipeline carries on.</para>
/// </remarks>
public sealed class MultibeamPipelinePrevious
{
    private readonly MultibeamSettings _settings;
    private readonly PolarObstacleDetectorPrevious _detector;
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly float[] _tvg;
    private readonly float[] _rowFactor;
    private readonly float[] _rowScratch;
    private readonly float[] _levels;

    /// <summary>Half-width in beams of the running median that smooths the per-beam background levels.</summary>
    private const int LevelHalfWindow = 4;
    private readonly byte[] _display;
    private readonly byte[] _fan;
    private readonly int[] _fanIndex;
    private readonly int[] _fanPixels;
    private int _fanCount;
    private readonly float[] _fanBearings;
    private readonly float[] _imageBearings;
    private readonly Obstacle[] _obstacles;

    // Geometry the range-compensation table was built for.
    private int _tvgBins = -1;
    private double _tvgStart = double.NaN;
    private double _tvgStep = double.NaN;
    private double _tvgFrequency = double.NaN;

    // Geometry the fan table was built for.
    private int _fanBeams = -1;
    private int _fanBins = -1;
    private double _fanStart = double.NaN;
    private double _fanStep = double.NaN;
    private FanImageGeometry _fanGeometry;

    /// <summary>Creates the pipeline and all its buffers.</summary>
    /// <param name="settings">Settings (validated here).</param>
    public MultibeamPipelinePrevious(MultibeamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        var looks = settings.SpeckleBins * settings.SpeckleBeams;
        _detector = new PolarObstacleDetectorPrevious(settings.Detector with { Looks = looks }, settings.MaxBeams, settings.MaxBins);
        var cells = checked(settings.MaxBeams * settings.MaxBins);
        _a = new float[cells];
        _b = new float[cells];
        _tvg = new float[settings.MaxBins];
        _rowFactor = new float[settings.MaxBins];
        _rowScratch = new float[Math.Max(settings.MaxBins, 2 * LevelHalfWindow + 1)];
        _levels = new float[settings.MaxBeams];
        _display = new byte[cells + 1];
        _fan = new byte[settings.FanWidth * settings.FanHeight];
        _fanIndex = new int[settings.FanWidth * settings.FanHeight];
        _fanPixels = new int[settings.FanWidth * settings.FanHeight];
        _fanBearings = new float[settings.MaxBeams];
        _imageBearings = new float[settings.MaxBeams];
        _obstacles = new Obstacle[settings.MaxObstacles];
    }

    /// <summary>The settings.</summary>
    public MultibeamSettings Settings => _settings;

    /// <summary>The detector (its counters describe the last frame).</summary>
    public PolarObstacleDetectorPrevious Detector => _detector;

    /// <summary>Frames processed (accepted) since construction or <see cref="Reset"/>.</summary>
    public long FramesProcessed { get; private set; }

    /// <summary>Frames rejected as malformed since construction or <see cref="Reset"/>.</summary>
    public long RejectedFrames { get; private set; }

    /// <summary>Absorption used for the last frame, dB/km.</summary>
    public double AbsorptionDbPerKm { get; private set; }

    /// <summary>The last frame's processed image (normalised, speckle-filtered intensity), beams × bins by beam.</summary>
    public ReadOnlySpan<float> Image => _imageLength == 0 ? default : (_imageInA ? _a : _b).AsSpan(0, _imageLength);

    private bool _imageInA;
    private int _imageLength;

    // Geometry of the last accepted frame, kept for a later RenderFan (the caller may reuse the frame object).
    private int _imageBeams;
    private int _imageBins;
    private double _imageStart;
    private double _imageStep;

    /// <summary>
    /// Renders the last accepted frame's fan image (see <see cref="MultibeamResult.FanImage"/> for the layout) into
    /// <paramref name="destination"/> and returns its geometry. The display is only needed at a few hertz while
    /// frames come at 10 Hz or more, so <see cref="Process"/> skips it unless
    /// <see cref="MultibeamSettings.RenderFanEveryFrame"/> is set; call this when the picture is wanted, before the
    /// next <see cref="Process"/> (it reads the pipeline's scratch buffers). Allocates nothing.
    /// </summary>
    /// <param name="destination">At least <see cref="MultibeamSettings.FanWidth"/> × <see cref="MultibeamSettings.FanHeight"/>
    /// bytes; pixels outside the fan are set to 0.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    /// <exception cref="InvalidOperationException">No frame was accepted since construction or <see cref="Reset"/>.</exception>
    public FanImageGeometry RenderFan(Span<byte> destination)
    {
        var pixels = _settings.FanWidth * _settings.FanHeight;
        if (destination.Length < pixels)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, the fan image needs {pixels}",
                nameof(destination));
        }
        if (_imageLength == 0)
        {
            throw new InvalidOperationException("no frame has been processed since construction or Reset");
        }
        RenderLastFan();
        _fan.AsSpan().CopyTo(destination);
        return _fanGeometry;
    }

    /// <summary>Renders the last image's fan into the pipeline's own buffer.</summary>
    private void RenderLastFan()
    {
        var cells = _imageLength;
        var image = (_imageInA ? _a : _b).AsSpan(0, cells);
        var scratch = (_imageInA ? _b : _a).AsSpan(0, cells);
        RenderFanFrom(image, _imageBearings.AsSpan(0, _imageBeams), _imageBeams, _imageBins, _imageStart, _imageStep, scratch);
    }

    /// <summary>Processes one frame.</summary>
    /// <param name="frame">The frame (not modified).</param>
    public MultibeamResult Process(MultibeamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!IsWellFormed(frame))
        {
            RejectedFrames++;
            return new MultibeamResult(frame.Stamp, false, ReadOnlyMemory<Obstacle>.Empty, false, default,
                ReadOnlyMemory<byte>.Empty, default, 0);
        }
        var beams = frame.BeamCount;
        var bins = frame.BinCount;
        var cells = beams * bins;
        var start = frame.StartRangeM;
        var step = frame.RangeResolutionM;

        PrepareRowFactors(frame);
        var power = _a.AsSpan(0, cells);
        ToPower(frame, power);
        NormalisePerBeam(power, beams, bins);

        // Speckle: along range into B; across beams (if asked) back into A.
        var h = _settings.SpeckleBins / 2;
        var smooth = _b.AsSpan(0, cells);
        BoxAlongRange(power, smooth, beams, bins, h);
        var image = smooth;
        _imageInA = false;
        var hb = _settings.SpeckleBeams / 2;
        if (hb > 0)
        {
            BoxAcrossBeams(smooth, power, beams, bins, hb);
            image = power;
            _imageInA = true;
        }
        _imageLength = cells;
        _imageBeams = beams;
        _imageBins = bins;
        _imageStart = start;
        _imageStep = step;

        var bearings = frame.BearingsRad.AsSpan(0, beams);
        bearings.CopyTo(_imageBearings);
        var count = _detector.Process(image, beams, bins, bearings, (float)start, (float)step, _obstacles);
        var obstacles = _obstacles.AsMemory(0, count);
        var hasNearest = PolarObstacleDetectorPrevious.NearestInCorridor(obstacles.Span, _settings.Corridor, out var nearest);

        FramesProcessed++;
        if (!_settings.RenderFanEveryFrame)
        {
            return new MultibeamResult(frame.Stamp, true, obstacles, hasNearest, nearest, ReadOnlyMemory<byte>.Empty,
                default, _detector.DetectionCount);
        }
        RenderLastFan();
        return new MultibeamResult(frame.Stamp, true, obstacles, hasNearest, nearest, _fan, _fanGeometry,
            _detector.DetectionCount);
    }

    /// <summary>Forgets counters, the last image and the cached geometry tables.</summary>
    public void Reset()
    {
        FramesProcessed = 0;
        RejectedFrames = 0;
        _imageLength = 0;
        _tvgBins = -1;
        _fanBeams = -1;
        _fanGeometry = default;
        Array.Clear(_fan);
        _detector.Reset();
    }

    private bool IsWellFormed(MultibeamFrame f)
    {
        var beams = f.BeamCount;
        var bins = f.BinCount;
        if (beams < 1 || beams > _settings.MaxBeams || bins < 1 || bins > _settings.MaxBins)
        {
            return false;
        }
        if (f.BearingsRad is null || f.BearingsRad.Length < beams)
        {
            return false;
        }
        if (!(f.RangeResolutionM > 0) || !double.IsFinite(f.RangeResolutionM) || !(f.StartRangeM >= 0)
            || !double.IsFinite(f.StartRangeM) || !(f.SoundSpeedMps > 0) || !double.IsFinite(f.SoundSpeedMps)
            || !(f.FrequencyHz > 0) || !double.IsFinite(f.FrequencyHz) || !double.IsFinite(f.GainDb))
        {
            return false;
        }
        var cells = beams * bins;
        var bytes = f.ByteSamples ?? [];
        var floats = f.FloatSamples ?? [];
        if (bytes.Length == 0)
        {
            if (floats.Length < cells || !float.IsFinite(TensorPrimitives.Sum(floats.AsSpan(0, cells))))
            {
                return false;
            }
            if (TensorPrimitives.Min(floats.AsSpan(0, cells)) < 0 && f.SampleKind == MultibeamSampleKind.Intensity)
            {
                return false;
            }
        }
        else if (bytes.Length < cells)
        {
            return false;
        }
        var rowGains = f.RowGains ?? [];
        if (rowGains.Length != 0)
        {
            if (rowGains.Length < bins)
            {
                return false;
            }
            var g = rowGains.AsSpan(0, bins);
            if (!float.IsFinite(TensorPrimitives.Sum(g)) || !(TensorPrimitives.Min(g) > 0))
            {
                return false;
            }
        }
        // Bearings: finite and strictly monotonic (the fan table searches them).
        var br = f.BearingsRad.AsSpan(0, beams);
        if (!float.IsFinite(TensorPrimitives.Sum(br)))
        {
            return false;
        }
        if (beams > 1)
        {
            var ascending = br[1] > br[0];
            for (var i = 1; i < beams; i++)
            {
                if (ascending ? !(br[i] > br[i - 1]) : !(br[i] < br[i - 1]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Per-row factor: range compensation over the device's gains (power).</summary>
    private void PrepareRowFactors(MultibeamFrame f)
    {
        var bins = f.BinCount;
        if (bins != _tvgBins || f.StartRangeM != _tvgStart || f.RangeResolutionM != _tvgStep || f.FrequencyHz != _tvgFrequency)
        {
            // Rebuilt only when the geometry or frequency changes (k·log10 R + 2αR, docs/domain.md#transmission-loss;
            // as intensity: /10).
            AbsorptionDbPerKm = Absorption.FrancoisGarrison(f.FrequencyHz, _settings.WaterTemperatureC,
                _settings.SalinityPsu, _settings.DepthM);
            for (var r = 0; r < bins; r++)
            {
                var range = Math.Max(f.StartRangeM + r * f.RangeResolutionM, _settings.MinCompensationRangeM);
                _tvg[r] = _settings.ApplyRangeCompensation
                    ? (float)Math.Pow(10.0, TimeVaryingGain.GainDb(range, _settings.Spreading, AbsorptionDbPerKm) / 10.0)
                    : 1f;
            }
            _tvgBins = bins;
            _tvgStart = f.StartRangeM;
            _tvgStep = f.RangeResolutionM;
            _tvgFrequency = f.FrequencyHz;
        }
        var factor = _rowFactor.AsSpan(0, bins);
        var deviceInverse = (float)Math.Pow(10.0, -f.GainDb / 10.0);
        TensorPrimitives.Multiply(_tvg.AsSpan(0, bins), deviceInverse, factor);
        if (f.RowGains is { Length: > 0 } g)
        {
            var g2 = _rowScratch.AsSpan(0, bins);
            TensorPrimitives.Multiply(g.AsSpan(0, bins), g.AsSpan(0, bins), g2);
            TensorPrimitives.Divide(factor, g2, factor);
        }
    }

    /// <summary>Samples to compensated intensity in the beam-major layout.</summary>
    private void ToPower(MultibeamFrame f, Span<float> power)
    {
        var beams = f.BeamCount;
        var bins = f.BinCount;
        var factor = _rowFactor.AsSpan(0, bins);
        var square = f.SampleKind == MultibeamSampleKind.Amplitude;
        if (f.ByteSamples is { Length: > 0 } bytes)
        {
            if (f.Layout == MultibeamLayout.BeamMajor)
            {
                for (var b = 0; b < beams; b++)
                {
                    var dst = power.Slice(b * bins, bins);
                    TensorPrimitives.ConvertChecked<byte, float>(bytes.AsSpan(b * bins, bins), dst);
                    if (square)
                    {
                        TensorPrimitives.Multiply(dst, dst, dst);
                    }
                    TensorPrimitives.Multiply(dst, factor, dst);
                }
            }
            else
            {
                // Range-major (Oculus): each row widened, squared and scaled as vectors in range-major order into
                // the free buffer, then one blocked transpose into the beam-major image.
                var rows = _b.AsSpan(0, beams * bins);
                for (var r = 0; r < bins; r++)
                {
                    var dst = rows.Slice(r * beams, beams);
                    TensorPrimitives.ConvertChecked<byte, float>(bytes.AsSpan(r * beams, beams), dst);
                    if (square)
                    {
                        TensorPrimitives.Multiply(dst, dst, dst);
                    }
                    TensorPrimitives.Multiply(dst, factor[r], dst);
                }
                Transpose(rows, power, bins, beams);
            }
            return;
        }
        var floats = f.FloatSamples;
        if (f.Layout == MultibeamLayout.BeamMajor)
        {
            for (var b = 0; b < beams; b++)
            {
                var src = floats.AsSpan(b * bins, bins);
                var dst = power.Slice(b * bins, bins);
                if (square)
                {
                    TensorPrimitives.Multiply(src, src, dst);
                }
                else
                {
                    src.CopyTo(dst);
                }
                TensorPrimitives.Multiply(dst, factor, dst);
            }
        }
        else
        {
            var rows = _b.AsSpan(0, beams * bins);
            for (var r = 0; r < bins; r++)
            {
                var src = floats.AsSpan(r * beams, beams);
                var dst = rows.Slice(r * beams, beams);
                if (square)
                {
                    TensorPrimitives.Multiply(src, src, dst);
                }
                else
                {
                    src.CopyTo(dst);
                }
                TensorPrimitives.Multiply(dst, factor[r], dst);
            }
            Transpose(rows, power, bins, beams);
        }
    }

    /// <summary>dst (cols × rows) = transpose of src (rows × cols), both row-major: 8 × 8 blocks in AVX registers
    /// (the unpack / shuffle / lane-permute sequence of Intel's optimisation manual, "8x8 matrix transpose"),
    /// scalar at the ragged edges.</summary>
    private static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        var r0 = 0;
        if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
        {
            ref var s0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
            ref var d0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
            for (; r0 <= rows - 8; r0 += 8)
            {
                var c0 = 0;
                for (; c0 <= cols - 8; c0 += 8)
                {
                    var at = (nuint)(r0 * cols + c0);
                    var st = (nuint)cols;
                    var a0 = Vector256.LoadUnsafe(ref s0, at);
                    var a1 = Vector256.LoadUnsafe(ref s0, at + st);
                    var a2 = Vector256.LoadUnsafe(ref s0, at + 2 * st);
                    var a3 = Vector256.LoadUnsafe(ref s0, at + 3 * st);
                    var a4 = Vector256.LoadUnsafe(ref s0, at + 4 * st);
                    var a5 = Vector256.LoadUnsafe(ref s0, at + 5 * st);
                    var a6 = Vector256.LoadUnsafe(ref s0, at + 6 * st);
                    var a7 = Vector256.LoadUnsafe(ref s0, at + 7 * st);
                    var t0 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(a0, a1);
                    var t1 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(a0, a1);
                    var t2 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(a2, a3);
                    var t3 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(a2, a3);
                    var t4 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(a4, a5);
                    var t5 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(a4, a5);
                    var t6 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(a6, a7);
                    var t7 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(a6, a7);
                    var u0 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0x44);
                    var u1 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0x44);
                    var u3 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0x44);
                    var u5 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0x44);
                    var u7 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0xEE);
                    var o = (nuint)(c0 * rows + r0);
                    var ot = (nuint)rows;
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d0, o);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d0, o + ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d0, o + 2 * ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d0, o + 3 * ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d0, o + 4 * ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d0, o + 5 * ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d0, o + 6 * ot);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d0, o + 7 * ot);
                }
                for (var r = r0; r < r0 + 8; r++)
                {
                    for (var c = c0; c < cols; c++)
                    {
                        dst[c * rows + r] = src[r * cols + c];
                    }
                }
            }
        }
        for (var r = r0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
    }

    /// <summary>
    /// Divides each beam by its background level: the median of its intensities (every ⌊bins/128⌋-th bin: with
    /// 64 samples the levels were noisy enough to cost recall in the accuracy tests), then a running median of
    /// those levels over ±<see cref="LevelHalfWindow"/> beams. The beam pattern
    /// changes slowly across the fan, but a single beam whose range is more than half water column and shadow
    /// has a median at the noise floor while its neighbours' is on the seabed; dividing it alone by that would
    /// lift the whole beam 10 dB over its neighbours and the CFAR would see a bright line.
    /// </summary>
    private void NormalisePerBeam(Span<float> power, int beams, int bins)
    {
        var stride = Math.Max(1, bins / 128);
        var scratch = _rowScratch.AsSpan();
        var levels = _levels.AsSpan(0, beams);
        for (var b = 0; b < beams; b++)
        {
            var row = power.Slice(b * bins, bins);
            var m = 0;
            for (var r = stride / 2; r < bins; r += stride)
            {
                scratch[m++] = row[r];
            }
            var level = Median(scratch[..m]);
            if (!(level > 0))
            {
                // Mostly-zero beams (8-bit data below one count): fall back to the mean.
                level = TensorPrimitives.Sum(row) / bins;
            }
            levels[b] = level;
        }
        for (var b = 0; b < beams; b++)
        {
            var lo = Math.Max(0, b - LevelHalfWindow);
            var hi = Math.Min(beams - 1, b + LevelHalfWindow);
            var window = scratch[..(hi - lo + 1)];
            levels.Slice(lo, hi - lo + 1).CopyTo(window);
            var level = Median(window);
            if (level > 0 && float.IsFinite(level))
            {
                var row = power.Slice(b * bins, bins);
                TensorPrimitives.Multiply(row, 1f / level, row);
            }
        }
    }

    /// <summary>The median of <paramref name="x"/> (upper median for even counts), reordering it: Hoare's
    /// quickselect with a median-of-three pivot.</summary>
    internal static float Median(Span<float> x)
    {
        if (x.Length == 0)
        {
            return 0f;
        }
        var k = x.Length / 2;
        var lo = 0;
        var hi = x.Length - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (x[mid] < x[lo])
            {
                (x[mid], x[lo]) = (x[lo], x[mid]);
            }
            if (x[hi] < x[lo])
            {
                (x[hi], x[lo]) = (x[lo], x[hi]);
            }
            if (x[hi] < x[mid])
            {
                (x[hi], x[mid]) = (x[mid], x[hi]);
            }
            var pivot = x[mid];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (x[i] < pivot)
                {
                    i++;
                }
                while (x[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (x[i], x[j]) = (x[j], x[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return x[k];
    }

    /// <summary>Mean of 2h+1 bins along range as shifted vector adds over the whole image at once (fewer, longer
    /// vector passes than beam by beam); the h bins at each end of each beam, whose window would straddle two
    /// beams, are then copied from the input.</summary>
    private static void BoxAlongRange(ReadOnlySpan<float> image, Span<float> dst, int beams, int bins, int h)
    {
        var n = image.Length;
        if (h == 0 || bins < 2 * h + 1)
        {
            image.CopyTo(dst);
            return;
        }
        var inner = n - 2 * h;
        var d = dst.Slice(h, inner);
        image.Slice(0, inner).CopyTo(d);
        for (var k = 1; k <= 2 * h; k++)
        {
            TensorPrimitives.Add(d, image.Slice(k, inner), d);
        }
        TensorPrimitives.Multiply(d, 1f / (2 * h + 1), d);
        for (var b = 0; b < beams; b++)
        {
            var at = b * bins;
            image.Slice(at, h).CopyTo(dst.Slice(at, h));
            image.Slice(at + bins - h, h).CopyTo(dst.Slice(at + bins - h, h));
        }
    }

    /// <summary>Mean of 2h+1 beams (whole rows added); the h beams at each side are copied.</summary>
    private static void BoxAcrossBeams(ReadOnlySpan<float> src, Span<float> dst, int beams, int bins, int h)
    {
        for (var b = 0; b < beams; b++)
        {
            var d = dst.Slice(b * bins, bins);
            if (b < h || b >= beams - h)
            {
                src.Slice(b * bins, bins).CopyTo(d);
                continue;
            }
            src.Slice((b - h) * bins, bins).CopyTo(d);
            for (var j = -h + 1; j <= h; j++)
            {
                TensorPrimitives.Add(d, src.Slice((b + j) * bins, bins), d);
            }
            TensorPrimitives.Multiply(d, 1f / (2 * h + 1), d);
        }
    }

    /// <summary>dB to 8-bit over the polar image, then the fan gather.</summary>
    private void RenderFanFrom(ReadOnlySpan<float> image, ReadOnlySpan<float> bearings, int beams, int bins, double start,
        double step, Span<float> scratch)
    {
        var cells = beams * bins;
        EnsureFanTable(bearings, beams, bins, start, step);
        // v = (10·log10 x − floor)·255/(ceiling − floor), saturated to 0..255. log2 x comes from the float's bits
        // (exponent plus the mantissa read as a linear fraction: Blinn, "Floating-point tricks", IEEE CG&A 1997),
        // within 0.086 of log2 x, i.e. 0.26 dB or 1.3 grey levels at the default 50 dB span: invisible on a
        // display and ten times cheaper than a true log. Zero and denormals map to the floor (0).
        var s = _settings;
        var gain = 255f / (s.FanCeilingDb - s.FanFloorDb);
        var dbPerLog2 = 10f * MathF.Log10(2f);
        var scale = dbPerLog2 * gain / (1 << 23);
        var offset = -127f * dbPerLog2 * gain - s.FanFloorDb * gain;
        BitLogAffine(image, scratch, scale, offset);
        TensorPrimitives.ConvertSaturating<float, byte>(scratch, _display.AsSpan(0, cells));
        _display[cells] = 0;
        var display = _display;
        var cellsOf = _fanIndex;
        var pixels = _fanPixels;
        var fan = _fan;
        // Only the pixels inside the fan (about 60 % of the image for a 130° fan); the rest stay 0.
        for (var i = 0; i < _fanCount; i++)
        {
            fan[pixels[i]] = display[cellsOf[i]];
        }
    }

    /// <summary>y = bits(x)·scale + offset (bits read as a signed integer, so y is affine in log2 x); x must be
    /// finite and &gt;= 0.</summary>
    private static void BitLogAffine(ReadOnlySpan<float> x, Span<float> y, float scale, float offset)
    {
        var i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            var vs = System.Runtime.Intrinsics.Vector256.Create(scale);
            var vo = System.Runtime.Intrinsics.Vector256.Create(offset);
            ref var x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref var y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            for (; i <= x.Length - 8; i += 8)
            {
                var bits = System.Runtime.Intrinsics.Vector256.AsInt32(System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref x0, (nuint)i));
                var v = System.Runtime.Intrinsics.Vector256.ConvertToSingle(bits) * vs + vo;
                System.Runtime.Intrinsics.Vector256.StoreUnsafe(v, ref y0, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] = BitConverter.SingleToInt32Bits(x[i]) * scale + offset;
        }
    }

    private void EnsureFanTable(ReadOnlySpan<float> bearings, int beams, int bins, double start, double step)
    {
        if (beams == _fanBeams && bins == _fanBins && start == _fanStart && step == _fanStep
            && bearings.SequenceEqual(_fanBearings.AsSpan(0, beams)))
        {
            return;
        }
        bearings.CopyTo(_fanBearings);
        _fanBeams = beams;
        _fanBins = bins;
        _fanStart = start;
        _fanStep = step;
        var w = _settings.FanWidth;
        var h = _settings.FanHeight;
        _fanCount = 0;
        Array.Clear(_fan);
        var ascending = beams < 2 || bearings[1] > bearings[0];
        var lo = ascending ? bearings[0] : bearings[beams - 1];
        var hi = ascending ? bearings[beams - 1] : bearings[0];
        var halfSpacing = beams < 2 ? 0.01f : 0.5f * MathF.Abs(bearings[1] - bearings[0]);
        var maxRange = start + (bins - 0.5) * step;

        // Bounding box of the fan (the sector's arc ends, the apex, and straight ahead if inside).
        double xMin = Math.Min(0, maxRange * Math.Sin(lo - halfSpacing));
        double xMax = Math.Max(0, maxRange * Math.Sin(hi + halfSpacing));
        var yEnds = Math.Max(maxRange * Math.Cos(lo - halfSpacing), maxRange * Math.Cos(hi + halfSpacing));
        double yMax = lo - halfSpacing <= 0 && hi + halfSpacing >= 0 ? maxRange : Math.Max(0, yEnds);
        double yMin = Math.Min(0, Math.Min(maxRange * Math.Cos(lo - halfSpacing), maxRange * Math.Cos(hi + halfSpacing)));
        var mpp = Math.Max((xMax - xMin) / w, (yMax - yMin) / h);
        var originColumn = w / 2.0 - (xMin + xMax) / (2 * mpp);
        var originRow = h / 2.0 + (yMin + yMax) / (2 * mpp);
        _fanGeometry = new FanImageGeometry(w, h, (float)mpp, (float)originColumn, (float)originRow);

        for (var row = 0; row < h; row++)
        {
            var y = (originRow - row - 0.5) * mpp;
            for (var col = 0; col < w; col++)
            {
                var x = (col + 0.5 - originColumn) * mpp;
                var rho = Math.Sqrt(x * x + y * y);
                var theta = (float)Math.Atan2(x, y);
                var bin = (int)Math.Round((rho - start) / step);
                if (bin >= 0 && bin < bins && theta >= lo - halfSpacing && theta <= hi + halfSpacing)
                {
                    _fanPixels[_fanCount] = row * w + col;
                    _fanIndex[_fanCount] = NearestBeam(bearings, theta, ascending) * bins + bin;
                    _fanCount++;
                }
            }
        }
    }

    private static int NearestBeam(ReadOnlySpan<float> bearings, float theta, bool ascending)
    {
        var n = bearings.Length;
        int a = 0, b = n - 1;
        // Binary search for the first beam past theta in the bearings' own order.
        while (a < b)
        {
            var m = (a + b) / 2;
            if (ascending ? bearings[m] < theta : bearings[m] > theta)
            {
                a = m + 1;
            }
            else
            {
                b = m;
            }
        }
        if (a > 0 && MathF.Abs(bearings[a - 1] - theta) <= MathF.Abs(bearings[a] - theta))
        {
            return a - 1;
        }
        return a;
    }
}
