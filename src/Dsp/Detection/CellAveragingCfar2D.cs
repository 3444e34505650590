using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Detection;

/// <summary>
/// A two-dimensional cell-averaging CFAR over a polar image (beams × range bins, row-major by beam, linear
/// intensity): a cell is detected when it exceeds α times the mean of the training cells around it.
/// </summary>
/// <remarks>
/// <para>The window spans 2·(guard + training) + 1 cells in each direction; the N training cells are the window
/// less the (2·guard + 1)² block around the cell under test, and α comes from
/// <see cref="CfarDesign.MultiLookCellAveragingFactor"/> (Richards' (1 + α/N)^−N for single-look intensity, its
/// multi-look generalisation when the image was speckle-filtered), so i.i.d. exponential noise is detected with
/// probability Pfa. As in <see cref="Cfar"/>, a cell whose whole window does not fit in the image (the first and
/// last guard + training beams and bins) is never detected.</para>
/// <para>The training sum is the difference of two box sums, each computed separably: across beams by adding whole
/// rows (contiguous, vectorised), then along range by binary doubling of the row sums (a handful of vector passes
/// whatever the window), so there is no running sum to drift or be poisoned by one NaN. The vector loops are
/// <see cref="CfarKernels{TVec, TOps}"/>; every width gives the detections of the scalar code.</para>
/// <para>Its buffer is allocated in the constructor for <c>maxBins</c> bins; <see cref="Process"/> allocates
/// nothing. Split out of the obstacle detector, which composes it with ring rejection and clustering; the
/// parameters are plain numbers so that it does not depend on any pipeline's settings.</para>
/// </remarks>
internal sealed class CellAveragingCfar2D
{
    /// <summary>Floats after each segment of the box-sum buffer that whole-vector level passes may overrun: the
    /// last vector of a level reads one vector past it and writes up to one vector past its length.</summary>
    private const int SegmentPadding = 64;
    private readonly float _scale;
    private readonly float[] _boxBuffer;
    private readonly VectorPath _path;

    /// <summary>Creates the CFAR with its buffer for images of up to <paramref name="maxBins"/> range bins.</summary>
    /// <param name="guardBeams">Guard cells on each side across beams, &gt;= 0.</param>
    /// <param name="trainingBeams">Training cells on each side across beams, &gt;= 0.</param>
    /// <param name="guardBins">Guard cells on each side along range, &gt;= 0.</param>
    /// <param name="trainingBins">Training cells on each side along range, &gt;= 0 (at least one of the two
    /// training counts &gt; 0).</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    /// <param name="looks">Independent looks averaged into each cell, &gt;= 1.</param>
    /// <param name="maxBins">Most range bins an image may have, &gt;= 1.</param>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    public CellAveragingCfar2D(int guardBeams, int trainingBeams, int guardBins, int trainingBins, double pfa,
        int looks, int maxBins, VectorPath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(guardBeams);
        ArgumentOutOfRangeException.ThrowIfNegative(trainingBeams);
        ArgumentOutOfRangeException.ThrowIfNegative(guardBins);
        ArgumentOutOfRangeException.ThrowIfNegative(trainingBins);
        if (trainingBeams + trainingBins == 0)
        {
            throw new ArgumentException("the window needs training cells: trainingBeams + trainingBins > 0",
                nameof(trainingBins));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        _path = VectorPaths.Require(path);
        GuardBeams = guardBeams;
        TrainingBeams = trainingBeams;
        GuardBins = guardBins;
        TrainingBins = trainingBins;
        MaxBins = maxBins;
        var windowBins = 2 * (guardBins + trainingBins) + 1;
        var n = (2 * (guardBeams + trainingBeams) + 1) * windowBins - (2 * guardBeams + 1) * (2 * guardBins + 1);
        TrainingCells = n;
        Alpha = CfarDesign.MultiLookCellAveragingFactor(n, pfa, looks);
        _scale = (float)(Alpha / n);
        // 16 floats more than the segments need, so that they can start at the buffer's first 64-byte boundary
        // (see Process).
        _boxBuffer = new float[(Top(windowBins) + 1 + Top(2 * guardBins + 1) + 1)
            * ((maxBins + 15) / 16 * 16 + SegmentPadding) + SegmentPadding + 16];
    }

    /// <summary>Guard cells on each side across beams.</summary>
    public int GuardBeams { get; }

    /// <summary>Training cells on each side across beams.</summary>
    public int TrainingBeams { get; }

    /// <summary>Guard cells on each side along range.</summary>
    public int GuardBins { get; }

    /// <summary>Training cells on each side along range.</summary>
    public int TrainingBins { get; }

    /// <summary>Training cells N in the window.</summary>
    public int TrainingCells { get; }

    /// <summary>Most range bins accepted.</summary>
    public int MaxBins { get; }

    /// <summary>Threshold factor α applied to the training-cell mean.</summary>
    public double Alpha { get; }

    /// <summary>Cells detected in the last image (including any that did not fit the list).</summary>
    public int DetectionCount { get; private set; }

    /// <summary>Detections of the last image that did not fit the list.</summary>
    public int DroppedDetections { get; private set; }

    /// <summary>Cells of the last image that could be tested (whose whole window fits).</summary>
    public int TestedCells { get; private set; }

    /// <summary>
    /// Tests every cell of one image whose whole window fits: marks each detected cell in
    /// <paramref name="mask"/> (which must be clear over the image) and lists it in <paramref name="detections"/>
    /// in scan order while the list has room; returns how many were listed (<see cref="DetectionCount"/> counts
    /// them all).
    /// </summary>
    /// <param name="image">Linear intensity, <paramref name="beams"/> × <paramref name="bins"/>, row-major by beam.</param>
    /// <param name="beams">Beams in the image, &gt;= 1.</param>
    /// <param name="bins">Range bins per beam, 1..<see cref="MaxBins"/>.</param>
    /// <param name="mask">Detection mask, beams × bins row-major by beam, 1 = detected.</param>
    /// <param name="detections">Receives the detected cells' indices; its length is the capacity.</param>
    public int Process(ReadOnlySpan<float> image, int beams, int bins, byte[] mask, int[] detections)
    {
        var bg = GuardBeams;
        var bo = GuardBeams + TrainingBeams;
        var rg = GuardBins;
        var ro = GuardBins + TrainingBins;
        DetectionCount = 0;
        DroppedDetections = 0;
        TestedCells = 0;
        if (beams < 2 * bo + 1 || bins < 2 * ro + 1)
        {
            return 0;
        }
        TestedCells = (beams - 2 * bo) * (bins - 2 * ro);
        var scale = _scale;
        var path = _path;
        var found = new CfarDetections(mask, detections);
        var outerLength = bins - 2 * ro;
        var guardShift = ro - rg;
        var outerWidth = 2 * ro + 1;
        var guardWidth = 2 * rg + 1;
        // One buffer: [colO, outer levels 1..top, colG, guard levels 1..top], each segment maxBins long, so every
        // box-sum term is the buffer at a fixed base (segment + the term's offset), as BoxSums adds them.
        // Segments as long as this image's beams (not the largest accepted), so the levels stay close in cache.
        var seg = (bins + 15) / 16 * 16 + SegmentPadding;
        var outerTop = Top(outerWidth);
        var guardTop = Top(guardWidth);
        // The segments start on the buffer's first cache-line boundary, so each level pass's whole-vector stores
        // (from the segment start) do not split lines: a 512-bit store across two lines cost the detector about 5 %
        // (measured across allocations of otherwise equal detectors). Taken per image: the GC may move the buffer
        // between images (which only costs that speed until the next image, never a result).
        var boxStart = AlignedStart(_boxBuffer);
        var colOAt = boxStart;
        var colGAt = boxStart + (outerTop + 1) * seg;
        var buffer = _boxBuffer;
        Span<int> outerBase = stackalloc int[32];
        Span<int> guardBase = stackalloc int[32];
        var outerTerms = TermBases(outerWidth, colOAt, 0, seg, outerBase);
        var guardTerms = TermBases(guardWidth, colGAt, guardShift, seg, guardBase);
        outerBase = outerBase[..outerTerms];
        guardBase = guardBase[..guardTerms];
        ref var buf0 = ref MemoryMarshal.GetArrayDataReference(buffer);
        for (var b = bo; b < beams - bo; b++)
        {
            // Across beams: guard-band and whole-window column sums of this output beam, one fused pass.
            ColumnSums(image, buffer.AsSpan(colGAt, bins), buffer.AsSpan(colOAt, bins), b, bins, bg, bo, path);

            // Along range: doubling levels of the column sums (level k: sums of 2^k consecutive values).
            BuildLevels(buffer, colOAt, 0, seg, bins, outerTop, path);
            BuildLevels(buffer, colGAt, guardShift, seg, outerLength + 2 * rg, guardTop, path);

            // Training = outer box − guard box, each the sum of its width's levels in BoxSums' order; compare.
            var rowBase = b * bins + ro;
            ref var x0 = ref MemoryMarshal.GetReference(image.Slice(rowBase, outerLength));
            var c = 0;
            if (path >= VectorPath.Vector512)
            {
                c = CfarKernels<Vector512<float>, Vector512Ops>.Threshold(ref buf0, outerBase, guardBase, ref x0, scale,
                    outerLength, rowBase, c, ref found);
            }
            if (path >= VectorPath.Vector256)
            {
                c = CfarKernels<Vector256<float>, Vector256Ops>.Threshold(ref buf0, outerBase, guardBase, ref x0, scale,
                    outerLength, rowBase, c, ref found);
            }
            if (path >= VectorPath.Vector128)
            {
                c = CfarKernels<Vector128<float>, Vector128Ops>.Threshold(ref buf0, outerBase, guardBase, ref x0, scale,
                    outerLength, rowBase, c, ref found);
            }
            for (; c < outerLength; c++)
            {
                if (Exceeds(ref buf0, outerBase, guardBase, Unsafe.Add(ref x0, c), scale, c))
                {
                    found.Add(rowBase + c);
                }
            }
        }
        DetectionCount = found.Found;
        DroppedDetections = found.Found - found.Listed;
        return found.Listed;
    }

    /// <summary>Whether cell <paramref name="c"/> (value <paramref name="x"/>) exceeds its threshold: the outer
    /// terms summed in order, less the guard terms summed in order, times <paramref name="scale"/>; what every
    /// lane of <see cref="CfarKernels{TVec, TOps}.Threshold"/> computes.</summary>
    private static bool Exceeds(ref float levels, ReadOnlySpan<int> outerBase, ReadOnlySpan<int> guardBase, float x,
        float scale, int c)
    {
        var o = Unsafe.Add(ref levels, outerBase[0] + c);
        for (var t = 1; t < outerBase.Length; t++)
        {
            o += Unsafe.Add(ref levels, outerBase[t] + c);
        }
        var g = Unsafe.Add(ref levels, guardBase[0] + c);
        for (var t = 1; t < guardBase.Length; t++)
        {
            g += Unsafe.Add(ref levels, guardBase[t] + c);
        }
        return x > (o - g) * scale;
    }

    /// <summary>Index of the first element of <paramref name="buffer"/> on a 64-byte boundary where it is now (the GC may move it later).</summary>
    private static unsafe int AlignedStart(float[] buffer)
    {
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (int)((64 - address % 64) % 64 / sizeof(float));
    }

    /// <summary>Highest doubling level a box of <paramref name="width"/> uses (⌊log2 width⌋).</summary>
    private static int Top(int width) => 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)width);

    /// <summary>Where the terms of a box sum (see <see cref="BuildLevels"/>) for a box of <paramref name="width"/> start in the level buffer:
    /// the set bits of the width, highest first, level k at segment start + k·<paramref name="segment"/>, each at
    /// the running offset (plus <paramref name="shift"/>, where the box's input starts in level 0); returns how many.</summary>
    private static int TermBases(int width, int start, int shift, int segment, Span<int> bases)
    {
        var n = 0;
        var at = 0;
        for (var k = 30; k >= 0; k--)
        {
            if ((width & (1 << k)) == 0)
            {
                continue;
            }
            bases[n++] = start + k * segment + (k == 0 ? shift : 0) + at;
            at += 1 << k;
        }
        return n;
    }

    /// <summary>colG = Σ_{j=−bg..bg} image[b+j] (in that order), colO = colG + image[b+bg+1] + image[b−bg−1] + … +
    /// image[b+bo] + image[b−bo] (in that order): the same additions as whole-row adds one row at a time, so
    /// bit-identical, in one pass.</summary>
    private static void ColumnSums(ReadOnlySpan<float> image, Span<float> colG, Span<float> colO, int b, int bins,
        int bg, int bo, VectorPath path)
    {
        ref var i0 = ref MemoryMarshal.GetReference(image);
        ref var g0 = ref MemoryMarshal.GetReference(colG);
        ref var o0 = ref MemoryMarshal.GetReference(colO);
        var i = 0;
        if (path >= VectorPath.Vector512)
        {
            i = CfarKernels<Vector512<float>, Vector512Ops>.ColumnSums(ref i0, ref g0, ref o0, b, bins, bg, bo, i);
        }
        if (path >= VectorPath.Vector256)
        {
            i = CfarKernels<Vector256<float>, Vector256Ops>.ColumnSums(ref i0, ref g0, ref o0, b, bins, bg, bo, i);
        }
        if (path >= VectorPath.Vector128)
        {
            i = CfarKernels<Vector128<float>, Vector128Ops>.ColumnSums(ref i0, ref g0, ref o0, b, bins, bg, bo, i);
        }
        for (; i < bins; i++)
        {
            var g = image[(b - bg) * bins + i];
            for (var j = -bg + 1; j <= bg; j++)
            {
                g += image[(b + j) * bins + i];
            }
            colG[i] = g;
            var o = g;
            for (var j = bg + 1; j <= bo; j++)
            {
                o += image[(b + j) * bins + i];
                o += image[(b - j) * bins + i];
            }
            colO[i] = o;
        }
    }

    /// <summary>
    /// The doubling levels of a box sum over the <paramref name="n"/> values of level 0 (at <paramref name="start"/>
    /// + <paramref name="shift"/>): level k [j] = level k−1 [j] + level k−1 [j + 2^(k−1)] (sums of 2^k consecutive
    /// values), level k at start + k·<paramref name="segment"/>. A box of width w at j is then the sum of one level
    /// per set bit of w, highest first, each at the running offset (<see cref="TermBases"/>): for a 37-cell window
    /// 5 level passes and 3 loads per output instead of 37, and every sum adds at most 2·width floats, so nothing
    /// drifts as a running sum would. The additions and their order are those of the earlier implementation
    /// (levels as whole-span adds, then the terms added into a result span), so thresholds are bit-identical.
    /// </summary>
    private static void BuildLevels(float[] buffer, int start, int shift, int segment, int n, int top, VectorPath path)
    {
        ref var p0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), start + shift);
        for (var k = 1; k <= top; k++)
        {
            var step = 1 << (k - 1);
            var len = n - (1 << k) + 1;
            ref var l0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), start + k * segment);
            var j = 0;
            if (path >= VectorPath.Vector512)
            {
                j = CfarKernels<Vector512<float>, Vector512Ops>.Level(ref p0, ref l0, len, step, j);
            }
            if (path >= VectorPath.Vector256)
            {
                j = CfarKernels<Vector256<float>, Vector256Ops>.Level(ref p0, ref l0, len, step, j);
            }
            if (path >= VectorPath.Vector128)
            {
                j = CfarKernels<Vector128<float>, Vector128Ops>.Level(ref p0, ref l0, len, step, j);
            }
            for (; j < len; j++)
            {
                Unsafe.Add(ref l0, j) = Unsafe.Add(ref p0, j) + Unsafe.Add(ref p0, j + step);
            }
            p0 = ref l0;
        }
    }

    /// <summary>Forgets the last image's counts.</summary>
    public void Reset()
    {
        DetectionCount = 0;
        DroppedDetections = 0;
        TestedCells = 0;
    }
}
