using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Detection;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Pipelines.Obstacles;

/// <summary>
/// Finds obstacles in a polar sonar image (beams × range bins, row-major by beam, linear intensity already
/// range-compensated and normalised): a 2-D cell-averaging CFAR marks cells brighter than α times the mean of the
/// training cells around them, connected detections are clustered, and each cluster becomes an
/// <see cref="Obstacle"/>. <see cref="NearestInCorridor"/> then picks the one in the vehicle's path.
/// </summary>
/// <remarks>
/// <para>CFAR: the window spans 2·(guard + training) + 1 cells in each direction; the N training cells are the
/// window less the (2·guard + 1)² block around the cell under test, and α comes from
/// <see cref="CfarDesign.MultiLookCellAveragingFactor"/> (Richards' (1 + α/N)^−N for single-look
/// intensity, its multi-look generalisation when the image was speckle-filtered), so i.i.d. exponential noise is
/// detected with probability Pfa. As in <see cref="Cfar"/>, a cell whose whole window does not fit in the image
/// (the first and last guard + training beams and bins) is never detected. The training sum is the difference of
/// two box sums, each computed separably: across beams by adding whole rows (contiguous, vectorised), then along
/// range by binary doubling of the row sums (a handful of vector passes whatever the window), so there is no
/// running sum to drift or be poisoned by one NaN. Cells are also dropped as range rings
/// (<see cref="ObstacleDetectorSettings.RingRejectFraction"/>), clusters closer than
/// <see cref="ObstacleDetectorSettings.MergeDistanceM"/> merged and clusters dimmer than
/// <see cref="ObstacleDetectorSettings.MinPeakDb"/> dropped.</para>
/// <para>Clustering: detections are labelled in scan order with union–find; two detections join when they lie
/// within <see cref="ObstacleDetectorSettings.MergeGapBeams"/> + 1 beams and
/// <see cref="ObstacleDetectorSettings.MergeGapBins"/> + 1 bins of each other (8-connectivity when both gaps are
/// 0). Only detected cells are visited, so clustering costs nothing on an empty frame. Beams are not joined across
/// the image's first and last beam (a 360° scan's wrap is not closed).</para>
/// <para>Each cluster's bearing is the intensity-weighted circular mean of its cells' beam bearings (correct
/// across ±π for scanning sonars); its range is that of its nearest cell; width is the arc at that range spanned
/// by its beams plus one beam spacing; depth is its extent along range. Obstacles are written nearest first.</para>
/// <para>All buffers are allocated in the constructor for <c>maxBeams × maxBins</c>; <see cref="Process"/>
/// allocates nothing. At most one detection in eight cells is clustered (CFAR on a real image detects far
/// fewer); any beyond are counted in <see cref="DroppedDetections"/>.</para>
/// </remarks>
public sealed class PolarObstacleDetector
{
    private readonly ObstacleDetectorSettings _settings;
    private readonly float _scale;
    private readonly float[] _boxBuffer;

    /// <summary>Floats after each segment of the box-sum buffer that whole-vector level passes may overrun: the
    /// last vector of a level reads one vector past it and writes up to one vector past its length.</summary>
    private const int SegmentPadding = 64;
    private readonly byte[] _mask;
    private readonly int[] _label;
    private readonly int[] _detections;
    private readonly int[] _parent;
    private readonly int[] _slot;
    private readonly ClusterStats[] _stats;
    private readonly Obstacle[] _clusters;
    private readonly int[] _binCounts;
    private readonly int[] _binFirstBeam;
    private readonly int[] _binLastBeam;
    private readonly byte[] _ringBins;
    private readonly float[] _sin;
    private readonly float[] _cos;
    private readonly VectorPath _path;
    private int _beams;
    private int _bins;

    /// <summary>Creates the detector with buffers for images of up to <paramref name="maxBeams"/> ×
    /// <paramref name="maxBins"/> cells.</summary>
    /// <param name="settings">CFAR and clustering settings (validated here).</param>
    /// <param name="maxBeams">Most beams an image may have, &gt;= 1.</param>
    /// <param name="maxBins">Most range bins an image may have, &gt;= 1.</param>
    public PolarObstacleDetector(ObstacleDetectorSettings settings, int maxBeams, int maxBins)
        : this(settings, maxBeams, maxBins, VectorPaths.Detected)
    {
    }

    /// <summary>Creates the detector with its CFAR loops held to <paramref name="path"/> at most (tests cover the
    /// narrower machines' paths with it; the detections are the same on every path).</summary>
    /// <param name="settings">CFAR and clustering settings (validated here).</param>
    /// <param name="maxBeams">Most beams an image may have, &gt;= 1.</param>
    /// <param name="maxBins">Most range bins an image may have, &gt;= 1.</param>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    internal PolarObstacleDetector(ObstacleDetectorSettings settings, int maxBeams, int maxBins, VectorPath path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBeams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        _settings = settings;
        _path = VectorPaths.Require(path);
        MaxBeams = maxBeams;
        MaxBins = maxBins;
        var n = settings.TrainingCells;
        Alpha = CfarDesign.MultiLookCellAveragingFactor(n, settings.Pfa, settings.Looks);
        _scale = (float)(Alpha / n);
        var cells = checked(maxBeams * maxBins);
        // 16 floats more than the segments need, so that they can start at the buffer's first 64-byte boundary
        // (see Detect).
        _boxBuffer = new float[(Top(settings.WindowBins) + 1 + Top(2 * settings.GuardBins + 1) + 1)
            * ((maxBins + 15) / 16 * 16 + SegmentPadding) + SegmentPadding + 16];
        _mask = new byte[cells];
        _label = new int[cells];
        DetectionCapacity = Math.Max(64, cells / 8);
        _detections = new int[DetectionCapacity];
        _parent = new int[DetectionCapacity];
        _slot = new int[DetectionCapacity];
        _stats = new ClusterStats[DetectionCapacity];
        _clusters = new Obstacle[DetectionCapacity];
        _binCounts = new int[maxBins];
        _binFirstBeam = new int[maxBins];
        _binLastBeam = new int[maxBins];
        _ringBins = new byte[maxBins];
        _sin = new float[maxBeams];
        _cos = new float[maxBeams];
    }

    /// <summary>The settings.</summary>
    public ObstacleDetectorSettings Settings => _settings;

    /// <summary>Most beams accepted.</summary>
    public int MaxBeams { get; }

    /// <summary>Most range bins accepted.</summary>
    public int MaxBins { get; }

    /// <summary>Threshold factor α applied to the training-cell mean.</summary>
    public double Alpha { get; }

    /// <summary>Most detections clustered per image (one in eight cells).</summary>
    public int DetectionCapacity { get; }

    /// <summary>Cells detected by the CFAR in the last image (including any dropped).</summary>
    public int DetectionCount { get; private set; }

    /// <summary>Detections of the last image beyond <see cref="DetectionCapacity"/>, not clustered.</summary>
    public int DroppedDetections { get; private set; }

    /// <summary>Clusters of at least <see cref="ObstacleDetectorSettings.MinCells"/> cells in the last image
    /// (may exceed what fitted in the output span).</summary>
    public int ClusterCount { get; private set; }

    /// <summary>Detections of the last image dropped as range rings
    /// (<see cref="ObstacleDetectorSettings.RingRejectFraction"/>).</summary>
    public int RingDetections { get; private set; }

    /// <summary>Cells of the last image the CFAR could test (whose whole window fits).</summary>
    public int TestedCells { get; private set; }

    /// <summary>The last image's detection mask (1 = detected), beams × bins row-major by beam.</summary>
    public ReadOnlySpan<byte> DetectionMask => _mask.AsSpan(0, _beams * _bins);

    /// <summary>
    /// Detects, clusters and describes the obstacles of one image. Returns how many obstacles were written to
    /// <paramref name="output"/>, nearest first (the nearest <c>output.Length</c> when there are more).
    /// </summary>
    /// <param name="image">Linear intensity, <paramref name="beams"/> × <paramref name="bins"/>, row-major by beam.</param>
    /// <param name="beams">Beams in the image, 1..<see cref="MaxBeams"/>.</param>
    /// <param name="bins">Range bins per beam, 1..<see cref="MaxBins"/>.</param>
    /// <param name="bearingsRad">Bearing of each beam, radians (0 ahead, positive to starboard).</param>
    /// <param name="startRangeM">Range of bin 0, metres, &gt;= 0.</param>
    /// <param name="binSpacingM">Range step between bins, metres, &gt; 0.</param>
    /// <param name="output">Receives the obstacles.</param>
    public int Process(ReadOnlySpan<float> image, int beams, int bins, ReadOnlySpan<float> bearingsRad,
        float startRangeM, float binSpacingM, Span<Obstacle> output)
    {
        if (beams < 1 || beams > MaxBeams)
        {
            throw new ArgumentOutOfRangeException(nameof(beams), beams, $"beams must be in 1..{MaxBeams}");
        }
        if (bins < 1 || bins > MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"bins must be in 1..{MaxBins}");
        }
        if (image.Length < beams * bins)
        {
            throw new ArgumentException($"image has {image.Length} cells, fewer than {beams}×{bins}", nameof(image));
        }
        if (bearingsRad.Length < beams)
        {
            throw new ArgumentException($"bearingsRad has {bearingsRad.Length} values, fewer than {beams} beams", nameof(bearingsRad));
        }
        if (!(startRangeM >= 0) || float.IsPositiveInfinity(startRangeM))
        {
            throw new ArgumentOutOfRangeException(nameof(startRangeM), startRangeM, "startRangeM must be finite and >= 0");
        }
        if (!(binSpacingM > 0) || float.IsPositiveInfinity(binSpacingM))
        {
            throw new ArgumentOutOfRangeException(nameof(binSpacingM), binSpacingM, "binSpacingM must be finite and > 0");
        }

        _beams = beams;
        _bins = bins;
        _mask.AsSpan(0, beams * bins).Clear();
        var detections = Detect(image, beams, bins);
        detections = RejectRings(detections, beams, bins);
        var clusters = Cluster(image, beams, bins, detections, bearingsRad, startRangeM, binSpacingM);
        ClusterCount = clusters;
        var span = _clusters.AsSpan(0, clusters);
        span.Sort(static (a, b) => a.RangeM.CompareTo(b.RangeM));
        var written = Math.Min(clusters, output.Length);
        span[..written].CopyTo(output);
        return written;
    }

    /// <summary>
    /// The obstacle nearest ahead (smallest <see cref="Obstacle.AheadM"/>) among those in the corridor: ahead
    /// between <see cref="CorridorSettings.MinRangeM"/> and <see cref="CorridorSettings.MaxRangeM"/>, and with
    /// its near edge (|lateral| − width/2) within <see cref="CorridorSettings.HalfWidthM"/> of the axis.
    /// </summary>
    /// <param name="obstacles">Obstacles in the sonar's frame.</param>
    /// <param name="corridor">The corridor.</param>
    /// <param name="nearest">The nearest obstacle in the corridor, or default when there is none.</param>
    /// <returns>Whether any obstacle lies in the corridor.</returns>
    public static bool NearestInCorridor(ReadOnlySpan<Obstacle> obstacles, CorridorSettings corridor, out Obstacle nearest)
    {
        ArgumentNullException.ThrowIfNull(corridor);
        nearest = default;
        var found = false;
        var best = float.PositiveInfinity;
        foreach (var o in obstacles)
        {
            var ahead = o.AheadM;
            if (!(ahead >= corridor.MinRangeM && ahead <= corridor.MaxRangeM))
            {
                continue;
            }
            if (MathF.Abs(o.LateralM) - 0.5f * o.WidthM > corridor.HalfWidthM)
            {
                continue;
            }
            if (ahead < best)
            {
                best = ahead;
                nearest = o;
                found = true;
            }
        }
        return found;
    }

    /// <summary>Forgets the last image's counts and mask (nothing else carries over between images).</summary>
    public void Reset()
    {
        _beams = 0;
        _bins = 0;
        DetectionCount = 0;
        DroppedDetections = 0;
        ClusterCount = 0;
        TestedCells = 0;
        RingDetections = 0;
    }

    /// <summary>Drops the detections in range bands that span too many beams (seabed rings); returns how many
    /// detections remain listed.</summary>
    private int RejectRings(int count, int beams, int bins)
    {
        RingDetections = 0;
        var fraction = _settings.RingRejectFraction;
        if (fraction <= 0 || count == 0)
        {
            return count;
        }
        var testedBeams = beams - 2 * (_settings.GuardBeams + _settings.TrainingBeams);
        var limit = Math.Max(2, (int)Math.Ceiling(fraction * testedBeams));
        if (count < limit)
        {
            return count;
        }
        var counts = _binCounts.AsSpan(0, bins);
        var first = _binFirstBeam.AsSpan(0, bins);
        var last = _binLastBeam.AsSpan(0, bins);
        counts.Clear();
        first.Fill(int.MaxValue);
        last.Fill(-1);
        var list = _detections;
        for (var d = 0; d < count; d++)
        {
            var idx = list[d];
            var b = idx / bins;
            var r = idx - b * bins;
            counts[r]++;
            first[r] = Math.Min(first[r], b);
            last[r] = Math.Max(last[r], b);
        }
        var ring = _ringBins.AsSpan(0, bins);
        ring.Clear();
        var any = false;
        var minSpan = testedBeams / 2;
        for (var r = 1; r < bins - 1; r++)
        {
            if (counts[r - 1] + counts[r] + counts[r + 1] < limit)
            {
                continue;
            }
            var lo = Math.Min(first[r - 1], Math.Min(first[r], first[r + 1]));
            var hi = Math.Max(last[r - 1], Math.Max(last[r], last[r + 1]));
            if (hi - lo >= minSpan)
            {
                ring[r - 1] = ring[r] = ring[r + 1] = 1;
                any = true;
            }
        }
        if (!any)
        {
            return count;
        }
        var kept = 0;
        for (var d = 0; d < count; d++)
        {
            var idx = list[d];
            if (ring[idx - idx / bins * bins] != 0)
            {
                _mask[idx] = 0;
                continue;
            }
            list[kept++] = idx;
        }
        RingDetections = count - kept;
        return kept;
    }

    /// <summary>The CFAR pass: marks the mask, lists detections in scan order, returns how many were listed.</summary>
    private int Detect(ReadOnlySpan<float> image, int beams, int bins)
    {
        var s = _settings;
        var bg = s.GuardBeams;
        var bo = s.GuardBeams + s.TrainingBeams;
        var rg = s.GuardBins;
        var ro = s.GuardBins + s.TrainingBins;
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
        var detections = new CfarDetections(_mask, _detections);
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
                    outerLength, rowBase, c, ref detections);
            }
            if (path >= VectorPath.Vector256)
            {
                c = CfarKernels<Vector256<float>, Vector256Ops>.Threshold(ref buf0, outerBase, guardBase, ref x0, scale,
                    outerLength, rowBase, c, ref detections);
            }
            if (path >= VectorPath.Vector128)
            {
                c = CfarKernels<Vector128<float>, Vector128Ops>.Threshold(ref buf0, outerBase, guardBase, ref x0, scale,
                    outerLength, rowBase, c, ref detections);
            }
            for (; c < outerLength; c++)
            {
                if (Exceeds(ref buf0, outerBase, guardBase, Unsafe.Add(ref x0, c), scale, c))
                {
                    detections.Add(rowBase + c);
                }
            }
        }
        DetectionCount = detections.Found;
        DroppedDetections = detections.Found - detections.Listed;
        return detections.Listed;
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

    /// <summary>Union–find over the listed detections, then per-cluster statistics into obstacles; returns the
    /// number of clusters kept.</summary>
    private int Cluster(ReadOnlySpan<float> image, int beams, int bins, int count, ReadOnlySpan<float> bearings,
        float startRangeM, float binSpacingM)
    {
        if (count == 0)
        {
            return 0;
        }
        var s = _settings;
        var gapBeams = s.MergeGapBeams + 1;
        var gapBins = s.MergeGapBins + 1;
        var mask = _mask;
        var label = _label;
        var list = _detections;
        var parent = _parent;
        for (var d = 0; d < count; d++)
        {
            var idx = list[d];
            var b = idx / bins;
            var r = idx - b * bins;
            parent[d] = d;
            label[idx] = d;
            var rLo = Math.Max(r - gapBins, 0);
            var rHi = Math.Min(r + gapBins, bins - 1);
            for (var bb = Math.Max(b - gapBeams, 0); bb < b; bb++)
            {
                var rowStart = bb * bins;
                for (var rr = rLo; rr <= rHi; rr++)
                {
                    if (mask[rowStart + rr] != 0)
                    {
                        Union(parent, d, label[rowStart + rr]);
                    }
                }
            }
            var own = b * bins;
            for (var rr = rLo; rr < r; rr++)
            {
                if (mask[own + rr] != 0)
                {
                    Union(parent, d, label[own + rr]);
                }
            }
        }

        // Per-beam sin/cos once, for the circular mean.
        for (var b = 0; b < beams; b++)
        {
            (_sin[b], _cos[b]) = MathF.SinCos(bearings[b]);
        }
        var slot = _slot;
        var stats = _stats;
        var slots = 0;
        for (var d = 0; d < count; d++)
        {
            var root = Find(parent, d);
            var idx = list[d];
            var b = idx / bins;
            var r = idx - b * bins;
            var w = image[idx];
            if (root == d)
            {
                // The root is its set's smallest ordinal, so it is met before any other member.
                slot[d] = slots;
                stats[slots] = new ClusterStats { MinBin = r, MaxBin = r, MinBeam = b, MaxBeam = b, Peak = w };
                slots++;
            }
            ref var st = ref stats[slot[root]];
            st.Count++;
            st.MinBin = Math.Min(st.MinBin, r);
            st.MaxBin = Math.Max(st.MaxBin, r);
            st.MinBeam = Math.Min(st.MinBeam, b);
            st.MaxBeam = Math.Max(st.MaxBeam, b);
            st.Peak = Math.Max(st.Peak, w);
            st.SumSin += (double)w * _sin[b];
            st.SumCos += (double)w * _cos[b];
        }

        MergeNearby(stats.AsSpan(0, slots), bearings, beams, startRangeM, binSpacingM);

        var kept = 0;
        for (var c = 0; c < slots; c++)
        {
            ref readonly var st = ref stats[c];
            if (st.Count == 0 || st.Count < s.MinCells)
            {
                continue;
            }
            var range = startRangeM + st.MinBin * binSpacingM;
            var bearing = (float)Math.Atan2(st.SumSin, st.SumCos);
            var extent = WrappedDifference(bearings[st.MaxBeam], bearings[st.MinBeam]) + BeamSpacing(bearings, beams, st.MaxBeam);
            var width = MathF.Max(range, binSpacingM) * extent;
            var depth = (st.MaxBin - st.MinBin + 1) * binSpacingM;
            var db = 10f * MathF.Log10(st.Peak);
            if (!(db >= s.MinPeakDb))
            {
                continue;
            }
            _clusters[kept++] = new Obstacle(range, bearing, width, depth, db, st.Count);
        }
        return kept;
    }

    /// <summary>
    /// Merges clusters whose polar boxes are within <see cref="ObstacleDetectorSettings.MergeDistanceM"/>
    /// (pairwise, repeated until nothing changes: merging grows boxes); a merged-away cluster's count becomes 0.
    /// Quadratic in the number of clusters, so it is skipped above 1024 clusters (a frame that cluttered is not
    /// one whose fragments matter).
    /// </summary>
    private void MergeNearby(Span<ClusterStats> stats, ReadOnlySpan<float> bearings, int beams, float startRangeM,
        float binSpacingM)
    {
        var limit = (float)_settings.MergeDistanceM;
        if (limit <= 0 || stats.Length < 2 || stats.Length > 1024)
        {
            return;
        }
        bool merged;
        do
        {
            merged = false;
            for (var i = 0; i < stats.Length; i++)
            {
                if (stats[i].Count == 0)
                {
                    continue;
                }
                for (var j = i + 1; j < stats.Length; j++)
                {
                    ref var a = ref stats[i];
                    ref var b = ref stats[j];
                    if (b.Count == 0)
                    {
                        continue;
                    }
                    var binGap = Math.Max(0, Math.Max(a.MinBin, b.MinBin) - Math.Min(a.MaxBin, b.MaxBin) - 1);
                    if (binGap * binSpacingM > limit)
                    {
                        continue;
                    }
                    var beamGap = Math.Max(a.MinBeam, b.MinBeam) - Math.Min(a.MaxBeam, b.MaxBeam);
                    var arc = 0f;
                    if (beamGap > 1)
                    {
                        var lo = Math.Min(a.MaxBeam, b.MaxBeam);
                        var hi = Math.Max(a.MinBeam, b.MinBeam);
                        var range = startRangeM + Math.Min(a.MinBin, b.MinBin) * binSpacingM;
                        arc = (WrappedDifference(bearings[hi], bearings[lo]) - BeamSpacing(bearings, beams, lo)) * range;
                    }
                    if (arc > limit)
                    {
                        continue;
                    }
                    a.Count += b.Count;
                    a.MinBin = Math.Min(a.MinBin, b.MinBin);
                    a.MaxBin = Math.Max(a.MaxBin, b.MaxBin);
                    a.MinBeam = Math.Min(a.MinBeam, b.MinBeam);
                    a.MaxBeam = Math.Max(a.MaxBeam, b.MaxBeam);
                    a.Peak = Math.Max(a.Peak, b.Peak);
                    a.SumSin += b.SumSin;
                    a.SumCos += b.SumCos;
                    b.Count = 0;
                    merged = true;
                }
            }
        }
        while (merged);
    }

    private static float BeamSpacing(ReadOnlySpan<float> bearings, int beams, int b)
    {
        if (beams < 2)
        {
            return 0f;
        }
        var lo = Math.Min(b, beams - 2);
        return WrappedDifference(bearings[lo + 1], bearings[lo]);
    }

    /// <summary>|a − b| folded into [0, π].</summary>
    private static float WrappedDifference(float a, float b)
    {
        var d = MathF.Abs(a - b) % (2f * MathF.PI);
        return d > MathF.PI ? 2f * MathF.PI - d : d;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra == rb)
        {
            return;
        }
        // The smaller ordinal stays root, so a set's root is its first member in scan order.
        if (ra < rb)
        {
            parent[rb] = ra;
        }
        else
        {
            parent[ra] = rb;
        }
    }

    private struct ClusterStats
    {
        public int Count;
        public int MinBin;
        public int MaxBin;
        public int MinBeam;
        public int MaxBeam;
        public float Peak;
        public double SumSin;
        public double SumCos;
    }
}
