using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Detection;

using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Baselines.Pipelines;

/// <summary>
/// FROZEN COPY of RovDsp.Dsp.Pipelines.Obstacles.PolarObstacleDetector as it was before the per-frame speed-up
/// (main at 672215f), the baseline of the imaging benchmarks and of the equivalence test. Do not optimise it.
/// Original summary: finds obstacles in a polar sonar image (beams × range bins, row-major by beam, linear intensity already
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
public sealed class PolarObstacleDetectorPrevious
{
    private readonly ObstacleDetectorSettings _settings;
    private readonly float _scale;
    private readonly float[] _colOuter;
    private readonly float[] _colGuard;
    private readonly byte[] _mask;
    private readonly int[] _label;
    private readonly int[] _detections;
    private readonly int[] _parent;
    private readonly int[] _slot;
    private readonly ClusterStats[] _stats;
    private readonly Obstacle[] _clusters;
    private readonly float[][] _outerLevels;
    private readonly float[][] _guardLevels;
    private readonly float[] _outerBox;
    private readonly float[] _guardBox;
    private readonly int[] _binCounts;
    private readonly int[] _binFirstBeam;
    private readonly int[] _binLastBeam;
    private readonly byte[] _ringBins;
    private readonly float[] _sin;
    private readonly float[] _cos;
    private int _beams;
    private int _bins;

    /// <summary>Creates the detector with buffers for images of up to <paramref name="maxBeams"/> ×
    /// <paramref name="maxBins"/> cells.</summary>
    /// <param name="settings">CFAR and clustering settings (validated here).</param>
    /// <param name="maxBeams">Most beams an image may have, &gt;= 1.</param>
    /// <param name="maxBins">Most range bins an image may have, &gt;= 1.</param>
    public PolarObstacleDetectorPrevious(ObstacleDetectorSettings settings, int maxBeams, int maxBins)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBeams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        _settings = settings;
        MaxBeams = maxBeams;
        MaxBins = maxBins;
        var n = settings.TrainingCells;
        Alpha = CfarDesign.MultiLookCellAveragingFactor(n, settings.Pfa, settings.Looks);
        _scale = (float)(Alpha / n);
        var cells = checked(maxBeams * maxBins);
        _colOuter = new float[maxBins];
        _colGuard = new float[maxBins];
        _mask = new byte[cells];
        _label = new int[cells];
        DetectionCapacity = Math.Max(64, cells / 8);
        _detections = new int[DetectionCapacity];
        _parent = new int[DetectionCapacity];
        _slot = new int[DetectionCapacity];
        _stats = new ClusterStats[DetectionCapacity];
        _clusters = new Obstacle[DetectionCapacity];
        _outerLevels = Levels(settings.WindowBins, maxBins);
        _guardLevels = Levels(2 * settings.GuardBins + 1, maxBins);
        _outerBox = new float[maxBins];
        _guardBox = new float[maxBins];
        _binCounts = new int[maxBins];
        _binFirstBeam = new int[maxBins];
        _binLastBeam = new int[maxBins];
        _ringBins = new byte[maxBins];
        _sin = new float[maxBeams];
        _cos = new float[maxBeams];
    }

    /// <summary>The settings.</summary>
    public ObstacleDetectorSettings Settings => _settings;

    private static float[][] Levels(int width, int maxBins)
    {
        var top = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)width);
        var levels = new float[top + 1][];
        levels[0] = [];
        for (var k = 1; k <= top; k++)
        {
            levels[k] = new float[maxBins];
        }
        return levels;
    }

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
        var listed = 0;
        var found = 0;
        DetectionCount = 0;
        DroppedDetections = 0;
        TestedCells = 0;
        if (beams < 2 * bo + 1 || bins < 2 * ro + 1)
        {
            return 0;
        }
        TestedCells = (beams - 2 * bo) * (bins - 2 * ro);
        var colO = _colOuter.AsSpan(0, bins);
        var colG = _colGuard.AsSpan(0, bins);
        var scale = _scale;
        var vScale = Vector256.Create(scale);
        var mask = _mask;
        var list = _detections;
        var cap = list.Length;
        for (var b = bo; b < beams - bo; b++)
        {
            // Across beams: guard-band and whole-window column sums of this output beam.
            image.Slice((b - bg) * bins, bins).CopyTo(colG);
            for (var j = -bg + 1; j <= bg; j++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(colG, image.Slice((b + j) * bins, bins), colG);
            }
            colG.CopyTo(colO);
            for (var j = bg + 1; j <= bo; j++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(colO, image.Slice((b + j) * bins, bins), colO);
                System.Numerics.Tensors.TensorPrimitives.Add(colO, image.Slice((b - j) * bins, bins), colO);
            }

            // Along range: box sums of the column sums by binary doubling, training = outer − guard, compare.
            var outerLength = bins - 2 * ro;
            var outerBox = BoxSums(colO, 2 * ro + 1, outerLength, _outerLevels, _outerBox);
            var guardBox = BoxSums(colG[(ro - rg)..], 2 * rg + 1, outerLength, _guardLevels, _guardBox);
            var row = image.Slice(b * bins + ro, outerLength);
            ref var o0 = ref MemoryMarshal.GetReference(outerBox);
            ref var g0 = ref MemoryMarshal.GetReference(guardBox);
            ref var x0 = ref MemoryMarshal.GetReference(row);
            var c = 0;
            var rowBase = b * bins + ro;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; c <= outerLength - Vector256<float>.Count; c += Vector256<float>.Count)
                {
                    var threshold = (Vector256.LoadUnsafe(ref o0, (nuint)c) - Vector256.LoadUnsafe(ref g0, (nuint)c)) * vScale;
                    var bits = Vector256.GreaterThan(Vector256.LoadUnsafe(ref x0, (nuint)c), threshold)
                        .ExtractMostSignificantBits();
                    while (bits != 0)
                    {
                        var lane = System.Numerics.BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        var idx = rowBase + c + lane;
                        found++;
                        if (listed < cap)
                        {
                            mask[idx] = 1;
                            list[listed++] = idx;
                        }
                    }
                }
            }
            for (; c < outerLength; c++)
            {
                if (Unsafe.Add(ref x0, c) > (Unsafe.Add(ref o0, c) - Unsafe.Add(ref g0, c)) * scale)
                {
                    var idx = rowBase + c;
                    found++;
                    if (listed < cap)
                    {
                        mask[idx] = 1;
                        list[listed++] = idx;
                    }
                }
            }
        }
        DetectionCount = found;
        DroppedDetections = found - listed;
        return listed;
    }

    /// <summary>
    /// Box sums of width <paramref name="width"/>: result[j] = Σ_{i=j}^{j+width−1} x[i] for j &lt; count, built by
    /// binary doubling (level k holds sums of 2^k consecutive values, each level one vector add of the previous
    /// level with itself shifted by 2^(k−1)), then one shifted add per set bit of the width. For a 37-cell window
    /// that is 7 vector passes instead of 37 loads per output, and every sum adds at most 2·width floats, so
    /// nothing drifts as a running sum would.
    /// </summary>
    private static Span<float> BoxSums(ReadOnlySpan<float> x, int width, int count, float[][] levels, float[] result)
    {
        var n = count + width - 1;
        var top = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)width);
        ReadOnlySpan<float> previous = x[..n];
        for (var k = 1; k <= top; k++)
        {
            var step = 1 << (k - 1);
            var len = n - (1 << k) + 1;
            var level = levels[k].AsSpan(0, len);
            System.Numerics.Tensors.TensorPrimitives.Add(previous[..len], previous.Slice(step, len), level);
            previous = level;
        }
        var dst = result.AsSpan(0, count);
        var offset = 0;
        var first = true;
        for (var k = top; k >= 0; k--)
        {
            if ((width & (1 << k)) == 0)
            {
                continue;
            }
            ReadOnlySpan<float> source = k == 0 ? x : levels[k];
            if (first)
            {
                source.Slice(offset, count).CopyTo(dst);
                first = false;
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Add(dst, source.Slice(offset, count), dst);
            }
            offset += 1 << k;
        }
        return dst;
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
