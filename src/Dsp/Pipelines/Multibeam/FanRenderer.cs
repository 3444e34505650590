using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// <see cref="MultibeamPipeline"/>'s fan image: the filtered polar image in dB mapped to 0–255 (a vectorised
/// bit-trick log and saturating conversion), then one gather through a per-geometry table of polar cells (nearest
/// beam by bearing, nearest bin), rebuilt only when the bearings, bin count or spacing change.
/// </summary>
/// <remarks>Kept apart from the pipeline because the display is separate from detection: it runs only when a
/// picture is wanted, and its table and image are state of their own. All buffers are allocated in the
/// constructor; <see cref="Process"/> allocates nothing, also when it rebuilds the table.</remarks>
internal sealed class FanRenderer
{
    private readonly MultibeamSettings _settings;
    private readonly VectorPath _path;
    private readonly byte[] _display;
    private readonly byte[] _fan;
    private readonly int[] _fanIndex;
    private readonly int[] _fanPixels;
    private int _fanCount;
    private readonly float[] _fanBearings;

    // Geometry the fan table was built for.
    private int _fanBeams = -1;
    private int _fanBins = -1;
    private double _fanStart = double.NaN;
    private double _fanStep = double.NaN;
    private FanImageGeometry _fanGeometry;

    /// <summary>Creates the renderer with its table and images for the settings' largest frame and fan size.</summary>
    /// <param name="settings">The pipeline's settings (already validated).</param>
    /// <param name="path">Widest vector path to use (already checked).</param>
    public FanRenderer(MultibeamSettings settings, VectorPath path)
    {
        _settings = settings;
        _path = path;
        var cells = checked(settings.MaxBeams * settings.MaxBins);
        _display = new byte[cells + 1];
        _fan = new byte[settings.FanWidth * settings.FanHeight];
        _fanIndex = new int[settings.FanWidth * settings.FanHeight];
        _fanPixels = new int[settings.FanWidth * settings.FanHeight];
        _fanBearings = new float[settings.MaxBeams];
    }

    /// <summary>The last rendered fan image, <see cref="MultibeamSettings.FanWidth"/> ×
    /// <see cref="MultibeamSettings.FanHeight"/> bytes row by row (0 outside the fan); overwritten by the next
    /// <see cref="Process"/>.</summary>
    public byte[] Fan => _fan;

    /// <summary>The placement of the last rendered fan image.</summary>
    public FanImageGeometry Geometry => _fanGeometry;

    /// <summary>Renders one polar image into <see cref="Fan"/>: dB to 8-bit over the polar image, then the fan
    /// gather (the table rebuilt first if the geometry changed).</summary>
    /// <param name="image">Linear intensity, <paramref name="beams"/> × <paramref name="bins"/>, row-major by beam.</param>
    /// <param name="bearings">Bearing of each beam, radians, monotonic.</param>
    /// <param name="beams">Beams in the image.</param>
    /// <param name="bins">Range bins per beam.</param>
    /// <param name="start">Range of bin 0, metres.</param>
    /// <param name="step">Range step between bins, metres.</param>
    /// <param name="scratch">At least beams × bins floats the renderer may overwrite (the caller's spare image
    /// buffer, so the renderer holds no second copy of it).</param>
    public void Process(ReadOnlySpan<float> image, ReadOnlySpan<float> bearings, int beams, int bins, double start,
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
        BitLogAffine(image, scratch, scale, offset, _path);
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

    /// <summary>Forgets the table's geometry and clears the image.</summary>
    public void Reset()
    {
        _fanBeams = -1;
        _fanGeometry = default;
        Array.Clear(_fan);
    }

    /// <summary>y = bits(x)·scale + offset (bits read as a signed integer, so y is affine in log2 x); x must be
    /// finite and &gt;= 0.</summary>
    private static void BitLogAffine(ReadOnlySpan<float> x, Span<float> y, float scale, float offset, VectorPath path)
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (path >= VectorPath.Vector512)
        {
            i = MultibeamKernels<Vector512<float>, Vector512Ops>.BitLogAffine(ref x0, ref y0, scale, offset, i, x.Length);
        }
        if (path >= VectorPath.Vector256)
        {
            i = MultibeamKernels<Vector256<float>, Vector256Ops>.BitLogAffine(ref x0, ref y0, scale, offset, i, x.Length);
        }
        if (path >= VectorPath.Vector128)
        {
            i = MultibeamKernels<Vector128<float>, Vector128Ops>.BitLogAffine(ref x0, ref y0, scale, offset, i, x.Length);
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
