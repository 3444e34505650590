namespace RovDsp.Dsp.Pipelines.Obstacles;

/// <summary>
/// Groups the detected cells of a polar image into obstacles: union–find over the detections, nearby clusters
/// merged, small and dim ones dropped, each described as an <see cref="Obstacle"/>.
/// </summary>
/// <remarks>
/// <para>Detections are labelled in scan order; two detections join when they lie within
/// <see cref="ObstacleDetectorSettings.MergeGapBeams"/> + 1 beams and
/// <see cref="ObstacleDetectorSettings.MergeGapBins"/> + 1 bins of each other (8-connectivity when both gaps are
/// 0). Only detected cells are visited, so clustering costs nothing on an empty frame. Beams are not joined across
/// the image's first and last beam (a 360° scan's wrap is not closed). Clusters closer than
/// <see cref="ObstacleDetectorSettings.MergeDistanceM"/> are merged, clusters smaller than
/// <see cref="ObstacleDetectorSettings.MinCells"/> or dimmer than <see cref="ObstacleDetectorSettings.MinPeakDb"/>
/// dropped.</para>
/// <para>Each cluster's bearing is the intensity-weighted circular mean of its cells' beam bearings (correct
/// across ±π for scanning sonars); its range is that of its nearest cell; width is the arc at that range spanned
/// by its beams plus one beam spacing; depth is its extent along range.</para>
/// <para>Split out of <see cref="PolarObstacleDetector"/> (which runs the CFAR and gives it the detections) so
/// that the clustering reads apart from the vector code. Buffers are allocated in the constructor;
/// <see cref="Process"/> allocates nothing.</para>
/// </remarks>
internal sealed class ObstacleClusterer
{
    private readonly ObstacleDetectorSettings _settings;
    private readonly int[] _label;
    private readonly int[] _parent;
    private readonly int[] _slot;
    private readonly ClusterStats[] _stats;
    private readonly Obstacle[] _clusters;
    private readonly float[] _sin;
    private readonly float[] _cos;
    private int _count;

    /// <summary>Creates the clusterer for images of up to <paramref name="maxBeams"/> ×
    /// <paramref name="maxBins"/> cells with up to <paramref name="capacity"/> detections.</summary>
    /// <param name="settings">Clustering settings (already validated).</param>
    /// <param name="maxBeams">Most beams an image may have, &gt;= 1.</param>
    /// <param name="maxBins">Most range bins an image may have, &gt;= 1.</param>
    /// <param name="capacity">Most detections clustered per image, &gt;= 1.</param>
    public ObstacleClusterer(ObstacleDetectorSettings settings, int maxBeams, int maxBins, int capacity)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBeams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _settings = settings;
        MaxBeams = maxBeams;
        Capacity = capacity;
        _label = new int[checked(maxBeams * maxBins)];
        _parent = new int[capacity];
        _slot = new int[capacity];
        _stats = new ClusterStats[capacity];
        _clusters = new Obstacle[capacity];
        _sin = new float[maxBeams];
        _cos = new float[maxBeams];
    }

    /// <summary>Most beams accepted.</summary>
    public int MaxBeams { get; }

    /// <summary>Most detections clustered per image.</summary>
    public int Capacity { get; }

    /// <summary>The last image's obstacles, nearest first.</summary>
    public ReadOnlySpan<Obstacle> Obstacles => _clusters.AsSpan(0, _count);

    /// <summary>Union–find over the listed detections, then per-cluster statistics into obstacles, nearest first
    /// in <see cref="Obstacles"/>; returns the number of clusters kept.</summary>
    /// <param name="image">The image the detections came from (cell intensities weight the bearing).</param>
    /// <param name="beams">Beams in the image, 1..<see cref="MaxBeams"/>.</param>
    /// <param name="bins">Range bins per beam.</param>
    /// <param name="mask">Detection mask of the image (1 = detected), consistent with <paramref name="list"/>.</param>
    /// <param name="list">Detected cells in scan order, at most <see cref="Capacity"/>.</param>
    /// <param name="bearings">Bearing of each beam, radians.</param>
    /// <param name="startRangeM">Range of bin 0, metres.</param>
    /// <param name="binSpacingM">Range step between bins, metres.</param>
    public int Process(ReadOnlySpan<float> image, int beams, int bins, ReadOnlySpan<byte> mask, ReadOnlySpan<int> list,
        ReadOnlySpan<float> bearings, float startRangeM, float binSpacingM)
    {
        _count = 0;
        var count = list.Length;
        if (count == 0)
        {
            return 0;
        }
        var s = _settings;
        var gapBeams = s.MergeGapBeams + 1;
        var gapBins = s.MergeGapBins + 1;
        var label = _label;
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
        _clusters.AsSpan(0, kept).Sort(static (a, b) => a.RangeM.CompareTo(b.RangeM));
        _count = kept;
        return kept;
    }

    /// <summary>Forgets the last image's obstacles (nothing else carries over between images).</summary>
    public void Reset()
    {
        _count = 0;
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
