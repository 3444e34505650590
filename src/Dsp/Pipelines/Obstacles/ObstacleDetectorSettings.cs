namespace RovDsp.Dsp.Pipelines.Obstacles;

/// <summary>
/// Settings of <see cref="PolarObstacleDetector"/>: the 2-D cell-averaging CFAR window (guard and training cells
/// on each side of the cell under test, across beams and along range), its design false-alarm probability, the
/// number of looks averaged into each cell, and the clustering rules.
/// </summary>
/// <remarks>
/// Defaults suit an Oculus-class imaging sonar (256 beams of about 0.5°, range bins of a few centimetres): a
/// point target spreads over about two beams (two-way beam width ≈ 1° at 750 kHz), and a boulder's or a frame's
/// echo runs up to ~0.3 m (10 bins) behind its front face, so ten guard bins keep the echo's own tail out of the
/// noise estimate of its front edge (with four, the front of a 40 dB echo was masked and only its back edge,
/// next to the dark shadow, was detected). 3 beams × 8 bins of training per side give
/// N = 9·37 − 3·21 = 270 training cells, so the CA-CFAR loss against a known noise level is small (Richards,
/// Fundamentals of Radar Signal Processing, §16.3: the loss falls as 1/N). Pfa 1e-5 gives about two false cells
/// per 256 × 703 frame on exponential speckle, which <see cref="MinCells"/> then removes.
/// </remarks>
public sealed record ObstacleDetectorSettings
{
    /// <summary>Guard cells across beams on each side of the cell under test, &gt;= 0.</summary>
    public int GuardBeams { get; init; } = 1;

    /// <summary>Guard cells along range on each side, &gt;= 0.</summary>
    public int GuardBins { get; init; } = 10;

    /// <summary>Training cells across beams on each side (beyond the guard cells), &gt;= 0.</summary>
    public int TrainingBeams { get; init; } = 3;

    /// <summary>Training cells along range on each side (beyond the guard cells), &gt;= 0; at least one of
    /// <see cref="TrainingBeams"/> and <see cref="TrainingBins"/> must be positive.</summary>
    public int TrainingBins { get; init; } = 8;

    /// <summary>Design probability of false alarm per cell on i.i.d. exponential (speckle) intensity, in (0, 1).</summary>
    public double Pfa { get; init; } = 1e-5;

    /// <summary>Independent looks averaged into each cell by any speckle filter before detection (1 for raw
    /// intensity); the threshold factor comes from <see cref="Detection.CfarDesign.MultiLookCellAveragingFactor"/>.</summary>
    public int Looks { get; init; } = 1;

    /// <summary>Clusters with fewer detected cells are dropped as speckle, &gt;= 1.</summary>
    public int MinCells { get; init; } = 4;

    /// <summary>Undetected beams that may separate two detections and still join them into one cluster, &gt;= 0
    /// (0 is plain 8-connectivity).</summary>
    public int MergeGapBeams { get; init; } = 3;

    /// <summary>Undetected range bins that may separate two detections and still join them, &gt;= 0.</summary>
    public int MergeGapBins { get; init; } = 6;

    /// <summary>Clusters whose brightest cell is below this level, dB relative to the image's normalised
    /// background (1.0 = 0 dB), are dropped: a CFAR is scale-free, so in the near-empty water column before the
    /// seabed a few quantisation counts can stand out from zeros; a real obstacle is brighter than the seabed
    /// around it. Finite. Default 8 dB: after the 3-look speckle filter a background cell exceeds 8 dB over the median (4.4 times the mean) with probability ~2e-4.</summary>
    public double MinPeakDb { get; init; } = 8.0;

    /// <summary>
    /// Clusters whose polar boxes lie within this distance of each other, metres (along range, and as arc length
    /// across beams at the nearer one's range), are merged into one obstacle: a large echo (a boulder a metre
    /// across spans 14 beams at 10 m) masks its own interior in a cell-averaging CFAR, so it is detected as
    /// fragments around its edges. 0 disables; &gt;= 0. Default 0.3 m, less than the gap a vehicle could pass.
    /// </summary>
    public double MergeDistanceM { get; init; } = 0.3;

    /// <summary>
    /// Range-ring rejection: when the detections in any 3 adjacent range bins number at least this fraction of
    /// the tested beams AND reach across at least half of them (first to last detected beam), those bins are
    /// dropped as a seabed ring: the first bottom return through the vertical side lobes, or the seabed's onset,
    /// lies at one range across the whole fan, while a single obstacle subtends 2·asin(radius/range), under 35°
    /// for a 0.8 m boulder at 3 m, a quarter of a 130° fan. In [0, 1]; 0 disables it. On pure speckle at Pfa 1e-5
    /// a 3-bin band holds ~0.008 detections, so the default 0.1 (25 of 248 beams) is never reached by noise.
    /// </summary>
    public double RingRejectFraction { get; init; } = 0.1;

    /// <summary>Window cells across beams: 2·(guard + training) + 1.</summary>
    public int WindowBeams => 2 * (GuardBeams + TrainingBeams) + 1;

    /// <summary>Window cells along range: 2·(guard + training) + 1.</summary>
    public int WindowBins => 2 * (GuardBins + TrainingBins) + 1;

    /// <summary>Training cells in the window: the whole window less the guard block around the cell under test.</summary>
    public int TrainingCells => WindowBeams * WindowBins - (2 * GuardBeams + 1) * (2 * GuardBins + 1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (GuardBeams < 0)
        {
            throw new ArgumentException($"GuardBeams must be >= 0, got {GuardBeams}", nameof(GuardBeams));
        }
        if (GuardBins < 0)
        {
            throw new ArgumentException($"GuardBins must be >= 0, got {GuardBins}", nameof(GuardBins));
        }
        if (TrainingBeams < 0)
        {
            throw new ArgumentException($"TrainingBeams must be >= 0, got {TrainingBeams}", nameof(TrainingBeams));
        }
        if (TrainingBins < 0 || (TrainingBins == 0 && TrainingBeams == 0))
        {
            throw new ArgumentException("TrainingBins must be >= 0 and TrainingBeams + TrainingBins > 0", nameof(TrainingBins));
        }
        if (!(Pfa > 0 && Pfa < 1))
        {
            throw new ArgumentException($"Pfa must be in (0, 1), got {Pfa}", nameof(Pfa));
        }
        if (Looks < 1)
        {
            throw new ArgumentException($"Looks must be >= 1, got {Looks}", nameof(Looks));
        }
        if (MinCells < 1)
        {
            throw new ArgumentException($"MinCells must be >= 1, got {MinCells}", nameof(MinCells));
        }
        if (MergeGapBeams < 0)
        {
            throw new ArgumentException($"MergeGapBeams must be >= 0, got {MergeGapBeams}", nameof(MergeGapBeams));
        }
        if (!double.IsFinite(MinPeakDb))
        {
            throw new ArgumentException($"MinPeakDb must be finite, got {MinPeakDb}", nameof(MinPeakDb));
        }
        if (!(MergeDistanceM >= 0) || double.IsPositiveInfinity(MergeDistanceM))
        {
            throw new ArgumentException($"MergeDistanceM must be finite and >= 0, got {MergeDistanceM}", nameof(MergeDistanceM));
        }
        if (!(RingRejectFraction >= 0 && RingRejectFraction <= 1))
        {
            throw new ArgumentException($"RingRejectFraction must be in [0, 1], got {RingRejectFraction}", nameof(RingRejectFraction));
        }
        if (MergeGapBins < 0)
        {
            throw new ArgumentException($"MergeGapBins must be >= 0, got {MergeGapBins}", nameof(MergeGapBins));
        }
    }
}
