using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// The imaging (multibeam) sonar pipeline: one <see cref="MultibeamFrame"/> in, obstacles, the nearest one in
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
/// shadows that the mean would follow. The medians of a range-major frame are selected for 16 beams at once
/// (<see cref="ColumnSelect"/>), exactly.</item>
/// <item>Speckle suppression: a box average of <see cref="MultibeamSettings.SpeckleBins"/> bins along range
/// (× <see cref="MultibeamSettings.SpeckleBeams"/> beams), as shifted vector adds fused with the normalisation's
/// scaling (one pass); the detector's threshold is designed for that many looks.</item>
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
public sealed class MultibeamPipeline
{
    private readonly MultibeamSettings _settings;
    private readonly VectorPath _path;
    private readonly PolarObstacleDetector _detector;
    /// <summary>The frame's compensated intensity, beam-major; when the speckle filter also averages across
    /// beams, the filtered image (<c>_imageInIntensity</c>).</summary>
    private readonly float[] _intensity;

    /// <summary>A range-major frame's intensity rows before the transpose (their per-beam medians are read there),
    /// then the intensity normalised and averaged along range: the image unless it is averaged across beams too.</summary>
    private readonly float[] _smoothed;
    private readonly float[] _tvg;
    private readonly float[] _rowFactor;
    private readonly float[] _rowScratch;
    private readonly float[] _levels;
    private readonly float[] _scales;
    private readonly int[] _selectScratch;

    /// <summary>Half-width in beams of the running median that smooths the per-beam background levels.</summary>
    private const int LevelHalfWindow = 4;
    private readonly FanRenderer _fanRenderer;
    private readonly float[] _imageBearings;
    private readonly Obstacle[] _obstacles;

    // Geometry the range-compensation table was built for.
    private int _tvgBins = -1;
    private double _tvgStart = double.NaN;
    private double _tvgStep = double.NaN;
    private double _tvgFrequency = double.NaN;

    /// <summary>Creates the pipeline and all its buffers.</summary>
    /// <param name="settings">Settings (validated here).</param>
    public MultibeamPipeline(MultibeamSettings settings)
        : this(settings, VectorPaths.Detected)
    {
    }

    /// <summary>Creates the pipeline with its vector loops (its own and its detector's) held to
    /// <paramref name="path"/> at most: tests cover the narrower machines' paths with it; every path gives the same
    /// result.</summary>
    /// <param name="settings">Settings (validated here).</param>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    internal MultibeamPipeline(MultibeamSettings settings, VectorPath path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _path = VectorPaths.Require(path);
        var looks = settings.SpeckleBins * settings.SpeckleBeams;
        _detector = new PolarObstacleDetector(settings.Detector with { Looks = looks }, settings.MaxBeams, settings.MaxBins,
            path);
        var cells = checked(settings.MaxBeams * settings.MaxBins);
        _intensity = new float[cells];
        _smoothed = new float[cells];
        _tvg = new float[settings.MaxBins];
        _rowFactor = new float[settings.MaxBins];
        _rowScratch = new float[Math.Max(settings.MaxBins, 2 * LevelHalfWindow + 1)];
        _levels = new float[settings.MaxBeams];
        _scales = new float[settings.MaxBeams];
        _selectScratch = new int[ColumnSelect.ScratchLength(settings.MaxBins)];
        _fanRenderer = new FanRenderer(settings, _path);
        _imageBearings = new float[settings.MaxBeams];
        _obstacles = new Obstacle[settings.MaxObstacles];
    }

    /// <summary>The settings.</summary>
    public MultibeamSettings Settings => _settings;

    /// <summary>The detector (its counters describe the last frame).</summary>
    public PolarObstacleDetector Detector => _detector;

    /// <summary>Frames processed (accepted) since construction or <see cref="Reset"/>.</summary>
    public long FramesProcessed { get; private set; }

    /// <summary>Frames rejected as malformed since construction or <see cref="Reset"/>.</summary>
    public long RejectedFrames { get; private set; }

    /// <summary>Absorption used for the last frame, dB/km.</summary>
    public double AbsorptionDbPerKm { get; private set; }

    /// <summary>The last frame's processed image (normalised, speckle-filtered intensity), beams × bins by beam.</summary>
    public ReadOnlySpan<float> Image => _imageLength == 0 ? default : (_imageInIntensity ? _intensity : _smoothed).AsSpan(0, _imageLength);

    private bool _imageInIntensity;
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
        _fanRenderer.Fan.AsSpan().CopyTo(destination);
        return _fanRenderer.Geometry;
    }

    /// <summary>Renders the last image's fan into the pipeline's own buffer.</summary>
    private void RenderLastFan()
    {
        var cells = _imageLength;
        var image = (_imageInIntensity ? _intensity : _smoothed).AsSpan(0, cells);
        var scratch = (_imageInIntensity ? _smoothed : _intensity).AsSpan(0, cells);
        _fanRenderer.Process(image, _imageBearings.AsSpan(0, _imageBeams), _imageBeams, _imageBins, _imageStart, _imageStep,
            scratch);
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
        var power = _intensity.AsSpan(0, cells);
        var rangeMajorInSmoothed = ToPower(frame, power);
        BeamScales(power, rangeMajorInSmoothed, beams, bins);

        // Normalisation fused with the speckle average along range into _smoothed; across beams (if asked) back
        // into _intensity.
        var h = _settings.SpeckleBins / 2;
        var smooth = _smoothed.AsSpan(0, cells);
        ScaleAndBoxAlongRange(power, smooth, _scales.AsSpan(0, beams), beams, bins, h, _path);
        var image = smooth;
        _imageInIntensity = false;
        var hb = _settings.SpeckleBeams / 2;
        if (hb > 0)
        {
            BoxAcrossBeams(smooth, power, beams, bins, hb);
            image = power;
            _imageInIntensity = true;
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
        var hasNearest = PolarObstacleDetector.NearestInCorridor(obstacles.Span, _settings.Corridor, out var nearest);

        FramesProcessed++;
        if (!_settings.RenderFanEveryFrame)
        {
            return new MultibeamResult(frame.Stamp, true, obstacles, hasNearest, nearest, ReadOnlyMemory<byte>.Empty,
                default, _detector.DetectionCount);
        }
        RenderLastFan();
        return new MultibeamResult(frame.Stamp, true, obstacles, hasNearest, nearest, _fanRenderer.Fan, _fanRenderer.Geometry,
            _detector.DetectionCount);
    }

    /// <summary>Forgets counters, the last image and the cached geometry tables.</summary>
    public void Reset()
    {
        FramesProcessed = 0;
        RejectedFrames = 0;
        _imageLength = 0;
        _tvgBins = -1;
        _fanRenderer.Reset();
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

    /// <summary>Samples to compensated intensity in the beam-major layout. Returns whether _smoothed still holds the
    /// same intensities in the frame's range-major order (then the per-beam medians are taken from there, a beam
    /// per vector lane).</summary>
    private bool ToPower(MultibeamFrame f, Span<float> power)
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
                return false;
            }
            // Range-major (Oculus): each row widened, squared and scaled in one vector pass in range-major order
            // into the free buffer (the same products as widen, then x·x, then ·factor: bit-identical), then one
            // blocked transpose into the beam-major image.
            var rows = _smoothed.AsSpan(0, beams * bins);
            for (var r = 0; r < bins; r++)
            {
                WidenScaleRow(bytes.AsSpan(r * beams, beams), rows.Slice(r * beams, beams), factor[r], square, _path);
            }
            Transpose(rows, power, bins, beams);
            return true;
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
            return false;
        }
        var floatRows = _smoothed.AsSpan(0, beams * bins);
        for (var r = 0; r < bins; r++)
        {
            var src = floats.AsSpan(r * beams, beams);
            var dst = floatRows.Slice(r * beams, beams);
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
        Transpose(floatRows, power, bins, beams);
        return true;
    }

    /// <summary>dst = (float)src (squared when <paramref name="square"/>) · factor, bytes widened a vector at a
    /// time (16 on AVX-512, 8 on AVX2, 4 on SSE or AdvSimd), the same products as the scalar tail.</summary>
    private static void WidenScaleRow(ReadOnlySpan<byte> src, Span<float> dst, float factor, bool square, VectorPath path)
    {
        var i = 0;
        ref var s0 = ref MemoryMarshal.GetReference(src);
        ref var d0 = ref MemoryMarshal.GetReference(dst);
        if (path >= VectorPath.Vector512)
        {
            i = MultibeamKernels<Vector512<float>, Vector512Ops>.WidenScale(ref s0, ref d0, factor, square, i, src.Length);
        }
        if (path >= VectorPath.Vector256)
        {
            i = MultibeamKernels<Vector256<float>, Vector256Ops>.WidenScale(ref s0, ref d0, factor, square, i, src.Length);
        }
        if (path >= VectorPath.Vector128)
        {
            i = MultibeamKernels<Vector128<float>, Vector128Ops>.WidenScale(ref s0, ref d0, factor, square, i, src.Length);
        }
        for (; i < src.Length; i++)
        {
            var v = (float)src[i];
            if (square)
            {
                v *= v;
            }
            dst[i] = v * factor;
        }
    }

    /// <summary>dst (cols × rows) = transpose of src (rows × cols), both row-major: 8 × 8 blocks in AVX registers
    /// (the unpack / shuffle / lane-permute sequence of Intel's optimisation manual, "8x8 matrix transpose"),
    /// scalar at the ragged edges.</summary>
    private static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        var r0 = 0;
        if (Avx.IsSupported)
        {
            ref var s0 = ref MemoryMarshal.GetReference(src);
            ref var d0 = ref MemoryMarshal.GetReference(dst);
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
                    var t0 = Avx.UnpackLow(a0, a1);
                    var t1 = Avx.UnpackHigh(a0, a1);
                    var t2 = Avx.UnpackLow(a2, a3);
                    var t3 = Avx.UnpackHigh(a2, a3);
                    var t4 = Avx.UnpackLow(a4, a5);
                    var t5 = Avx.UnpackHigh(a4, a5);
                    var t6 = Avx.UnpackLow(a6, a7);
                    var t7 = Avx.UnpackHigh(a6, a7);
                    var u0 = Avx.Shuffle(t0, t2, 0x44);
                    var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44);
                    var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44);
                    var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44);
                    var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    var o = (nuint)(c0 * rows + r0);
                    var ot = (nuint)rows;
                    Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d0, o);
                    Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d0, o + ot);
                    Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d0, o + 2 * ot);
                    Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d0, o + 3 * ot);
                    Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d0, o + 4 * ot);
                    Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d0, o + 5 * ot);
                    Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d0, o + 6 * ot);
                    Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d0, o + 7 * ot);
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
    /// Each beam's normalisation factor (1 / background level, or 1 when the level is unusable) into
    /// <c>_scales</c>. The level is the median of the beam's intensities (every ⌊bins/128⌋-th bin: with
    /// 64 samples the levels were noisy enough to cost recall in the accuracy tests), then a running median of
    /// those levels over ±<see cref="LevelHalfWindow"/> beams. The beam pattern
    /// changes slowly across the fan, but a single beam whose range is more than half water column and shadow
    /// has a median at the noise floor while its neighbours' is on the seabed; dividing it alone by that would
    /// lift the whole beam 10 dB over its neighbours and the CFAR would see a bright line. With the intensities
    /// still in range-major order (<paramref name="rangeMajorInSmoothed"/>) the medians of all beams are selected
    /// together, a beam per vector lane (<see cref="ColumnSelect"/>, exact, so the same values as a quickselect).
    /// </summary>
    private void BeamScales(ReadOnlySpan<float> power, bool rangeMajorInSmoothed, int beams, int bins)
    {
        var stride = Math.Max(1, bins / 128);
        var scratch = _rowScratch.AsSpan();
        var levels = _levels.AsSpan(0, beams);
        var first = stride / 2;
        var samples = (bins - 1 - first) / stride + 1;
        if (rangeMajorInSmoothed)
        {
            ColumnSelect.KthSmallest(_smoothed.AsSpan(0, beams * bins), beams, first, stride, samples, samples / 2, levels,
                _selectScratch, _path);
        }
        else
        {
            for (var b = 0; b < beams; b++)
            {
                var row = power.Slice(b * bins, bins);
                var m = 0;
                for (var r = first; r < bins; r += stride)
                {
                    scratch[m++] = row[r];
                }
                levels[b] = Selection.UpperMedian(scratch[..m]);
            }
        }
        for (var b = 0; b < beams; b++)
        {
            if (!(levels[b] > 0))
            {
                // Mostly-zero beams (8-bit data below one count): fall back to the mean.
                levels[b] = TensorPrimitives.Sum(power.Slice(b * bins, bins)) / bins;
            }
        }
        var scales = _scales.AsSpan(0, beams);
        for (var b = 0; b < beams; b++)
        {
            var lo = Math.Max(0, b - LevelHalfWindow);
            var hi = Math.Min(beams - 1, b + LevelHalfWindow);
            var window = scratch[..(hi - lo + 1)];
            levels.Slice(lo, hi - lo + 1).CopyTo(window);
            var level = Selection.UpperMedian(window);
            // x·1 is x exactly, so an unusable level leaves the beam as it was.
            scales[b] = level > 0 && float.IsFinite(level) ? 1f / level : 1f;
        }
    }

    /// <summary>Each beam scaled by its normalisation factor and averaged over 2h+1 bins along range in one vector
    /// pass: dst[i] = (x[i−h]·s + … + x[i+h]·s) · (1/(2h+1)), added left to right, the same operations in the same
    /// order as scaling the image and then adding shifted copies of it, so bit-identical to that; the h bins at
    /// each end of each beam are the scaled input.</summary>
    private static void ScaleAndBoxAlongRange(ReadOnlySpan<float> image, Span<float> dst, ReadOnlySpan<float> scales,
        int beams, int bins, int h, VectorPath path)
    {
        if (h == 0 || bins < 2 * h + 1)
        {
            for (var b = 0; b < beams; b++)
            {
                TensorPrimitives.Multiply(image.Slice(b * bins, bins), scales[b], dst.Slice(b * bins, bins));
            }
            return;
        }
        var width = 2 * h + 1;
        var third = 1f / width;
        for (var b = 0; b < beams; b++)
        {
            var at = b * bins;
            var s = scales[b];
            for (var i = 0; i < h; i++)
            {
                dst[at + i] = image[at + i] * s;
                dst[at + bins - h + i] = image[at + bins - h + i] * s;
            }
            // Outputs i in [h, bins − h), reading x[i − h .. i + h].
            ref var x0 = ref MemoryMarshal.GetReference(image.Slice(at, bins));
            ref var d0 = ref MemoryMarshal.GetReference(dst.Slice(at, bins));
            var i0 = h;
            var end = bins - h;
            if (path >= VectorPath.Vector512)
            {
                i0 = MultibeamKernels<Vector512<float>, Vector512Ops>.ScaleAndBox(ref x0, ref d0, s, third, h, i0, end);
            }
            if (path >= VectorPath.Vector256)
            {
                i0 = MultibeamKernels<Vector256<float>, Vector256Ops>.ScaleAndBox(ref x0, ref d0, s, third, h, i0, end);
            }
            if (path >= VectorPath.Vector128)
            {
                i0 = MultibeamKernels<Vector128<float>, Vector128Ops>.ScaleAndBox(ref x0, ref d0, s, third, h, i0, end);
            }
            for (; i0 < end; i0++)
            {
                var from = at + i0 - h;
                var acc = image[from] * s;
                for (var k = 1; k < width; k++)
                {
                    acc += image[from + k] * s;
                }
                dst[at + i0] = acc * third;
            }
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
}
