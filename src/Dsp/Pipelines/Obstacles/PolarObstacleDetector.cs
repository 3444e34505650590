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
/// <para>CFAR: <see cref="CellAveragingCfar2D"/> with the settings' window, Pfa and looks (its remarks give the
/// window, α and the box sums). Cells are then dropped as range rings
/// (<see cref="ObstacleDetectorSettings.RingRejectFraction"/>), and the rest clustered by
/// <see cref="ObstacleClusterer"/> (union–find; clusters closer than
/// <see cref="ObstacleDetectorSettings.MergeDistanceM"/> merged and clusters dimmer than
/// <see cref="ObstacleDetectorSettings.MinPeakDb"/> dropped; its remarks give the connectivity and how an
/// obstacle's bearing, range, width and depth are measured). Obstacles are written nearest first.</para>
/// <para>All buffers are allocated in the constructor for <c>maxBeams × maxBins</c>; <see cref="Process"/>
/// allocates nothing. At most one detection in eight cells is clustered (CFAR on a real image detects far
/// fewer); any beyond are counted in <see cref="DroppedDetections"/>.</para>
/// </remarks>
public sealed class PolarObstacleDetector
{
    private readonly ObstacleDetectorSettings _settings;
    private readonly CellAveragingCfar2D _cfar;
    private readonly ObstacleClusterer _clusterer;
    private readonly byte[] _mask;
    private readonly int[] _detections;
    private readonly int[] _binCounts;
    private readonly int[] _binFirstBeam;
    private readonly int[] _binLastBeam;
    private readonly byte[] _ringBins;
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
        MaxBeams = maxBeams;
        MaxBins = maxBins;
        _cfar = new CellAveragingCfar2D(settings.GuardBeams, settings.TrainingBeams, settings.GuardBins,
            settings.TrainingBins, settings.Pfa, settings.Looks, maxBins, path);
        var cells = checked(maxBeams * maxBins);
        _mask = new byte[cells];
        DetectionCapacity = Math.Max(64, cells / 8);
        _detections = new int[DetectionCapacity];
        _clusterer = new ObstacleClusterer(settings, maxBeams, maxBins, DetectionCapacity);
        _binCounts = new int[maxBins];
        _binFirstBeam = new int[maxBins];
        _binLastBeam = new int[maxBins];
        _ringBins = new byte[maxBins];
    }

    /// <summary>The settings.</summary>
    public ObstacleDetectorSettings Settings => _settings;

    /// <summary>Most beams accepted.</summary>
    public int MaxBeams { get; }

    /// <summary>Most range bins accepted.</summary>
    public int MaxBins { get; }

    /// <summary>Threshold factor α applied to the training-cell mean.</summary>
    public double Alpha => _cfar.Alpha;

    /// <summary>Most detections clustered per image (one in eight cells).</summary>
    public int DetectionCapacity { get; }

    /// <summary>Cells detected by the CFAR in the last image (including any dropped).</summary>
    public int DetectionCount => _cfar.DetectionCount;

    /// <summary>Detections of the last image beyond <see cref="DetectionCapacity"/>, not clustered.</summary>
    public int DroppedDetections => _cfar.DroppedDetections;

    /// <summary>Clusters of at least <see cref="ObstacleDetectorSettings.MinCells"/> cells in the last image
    /// (may exceed what fitted in the output span).</summary>
    public int ClusterCount { get; private set; }

    /// <summary>Detections of the last image dropped as range rings
    /// (<see cref="ObstacleDetectorSettings.RingRejectFraction"/>).</summary>
    public int RingDetections { get; private set; }

    /// <summary>Cells of the last image the CFAR could test (whose whole window fits).</summary>
    public int TestedCells => _cfar.TestedCells;

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
        var detections = _cfar.Process(image, beams, bins, _mask, _detections);
        detections = RejectRings(detections, beams, bins);
        var clusters = _clusterer.Process(image, beams, bins, _mask.AsSpan(0, beams * bins),
            _detections.AsSpan(0, detections), bearingsRad, startRangeM, binSpacingM);
        ClusterCount = clusters;
        var written = Math.Min(clusters, output.Length);
        _clusterer.Obstacles[..written].CopyTo(output);
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
        _cfar.Reset();
        _clusterer.Reset();
        ClusterCount = 0;
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
}
