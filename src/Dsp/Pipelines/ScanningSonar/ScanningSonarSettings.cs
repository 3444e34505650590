using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>Settings of <see cref="ScanningSonarPipeline"/>; defaults suit a Ping360 (up to 1200 samples, 400 steps a turn).</summary>
public sealed record ScanningSonarSettings
{
    /// <summary>Most samples per step accepted (Ping360: 1200). Default 1200.</summary>
    public int MaxSamples { get; init; } = 1200;

    /// <summary>Range bins of the polar image (400 angles × this). Default 600.</summary>
    public int RangeBins { get; init; } = 600;

    /// <summary>
    /// Sound speed, m/s. The Ping360 message carries none (the host chose the sample period for one). Default:
    /// Mackenzie (1981) at the brief's seabed, 1.5 °C, 34.7 PSU, 5,700 m (about 1,555 m/s).
    /// </summary>
    public double SoundSpeedMps { get; init; } = SoundSpeed.Mackenzie1981(1.5, 34.7, 5700.0);

    /// <summary>Relative change of a step's range (c·T·N/2) from the image's that counts as a range change. Default 0.01.</summary>
    public double RangeTolerance { get; init; } = 0.01;

    /// <summary>What a range change does to the image. Default <see cref="RangeChangePolicy.Rescale"/>.</summary>
    public RangeChangePolicy RangeChange { get; init; } = RangeChangePolicy.Rescale;

    /// <summary>Whether to apply time-varying gain to each step. Default true.</summary>
    public bool ApplyTvg { get; init; } = true;

    /// <summary>
    /// Spreading coefficient of the TVG: 40 (two-way spherical spreading of a point target, the brief's
    /// 40·log10 R + 2αR), since a horizontal scanning sonar looks for objects, not the seabed. Default 40.
    /// </summary>
    public double TvgSpreading { get; init; } = 40.0;

    /// <summary>TVG absorption, dB/km; NaN (default) = Francois–Garrison at the step's frequency and the conditions below.</summary>
    public double AbsorptionDbPerKm { get; init; } = double.NaN;

    /// <summary>Water temperature for the absorption, °C. Default 1.5.</summary>
    public double TemperatureC { get; init; } = 1.5;

    /// <summary>Salinity for the absorption, PSU. Default 34.7.</summary>
    public double SalinityPsu { get; init; } = 34.7;

    /// <summary>Depth for the absorption, metres. Default 5700.</summary>
    public double DepthM { get; init; } = 5700.0;

    /// <summary>
    /// Smoothing factor of the per-range-bin running mean (over steps) used to normalise each step to background
    /// 1, m ← m + α(clamp(x, lo·m, hi·m) − m) as in the side-scan pipeline. Default 0.005 (about half a turn).
    /// </summary>
    public double NormalisationAlpha { get; init; } = 0.005;

    /// <summary>Lower winsorising bound of the mean's update. Default 0.5.</summary>
    public double NormalisationClipLow { get; init; } = 0.5;

    /// <summary>Upper winsorising bound of the mean's update. Default 1.5.</summary>
    public double NormalisationClipHigh { get; init; } = 1.5;

    /// <summary>
    /// When consecutive steps are 2..this many gradians apart (a coarse step size), the angles between them are
    /// filled with the newer step so the picture has no empty spokes. Default 4.
    /// </summary>
    public int MaxFillGrads { get; init; } = 4;

    /// <summary>
    /// Obstacle detection runs each time the head has swept this many gradians since the last run, over the swept
    /// sector (plus margins). Default 50 (an eighth of a turn: about 1.7 s at 30 steps/s with 1-grad steps).
    /// </summary>
    public int SectorGrads { get; init; } = 50;

    /// <summary>
    /// Extra gradians beyond the CFAR window copied on each side of a sector, so that clusters straddling its edges
    /// are seen whole; each obstacle is reported by the sector holding its centre. Default 6.
    /// </summary>
    public int ClusterMarginGrads { get; init; } = 6;

    /// <summary>
    /// The shared polar detector's settings. Defaults for Ping360: a two-way beam of about 2° (2.2 grads) and
    /// 1-grad steps, so a point target covers 2–3 angles: 2 guard angles; bins are a few cm, the pulse a few bins.
    /// Pfa 1e-4 on ~30,000 cells per sector and MinCells 6 leave speckle clusters rare.
    /// </summary>
    public ObstacleDetectorSettings Obstacles { get; init; } = new()
    {
        GuardBeams = 2, TrainingBeams = 4, GuardBins = 4, TrainingBins = 12, Pfa = 1e-4, MinCells = 6,
        MergeGapBeams = 1, MergeGapBins = 3,
    };

    /// <summary>Most obstacles reported per sector. Default 32.</summary>
    public int MaxObstacles { get; init; } = 32;

    /// <summary>Side of the square Cartesian display image, pixels. Default 400.</summary>
    public int CartesianSize { get; init; } = 400;

    /// <summary>Normalised level shown as white (255) in the display images. Default 4.</summary>
    public double DisplayFullScale { get; init; } = 4.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxSamples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSamples), MaxSamples, "MaxSamples must be >= 2");
        }
        if (RangeBins < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(RangeBins), RangeBins, "RangeBins must be >= 8");
        }
        Positive(SoundSpeedMps, nameof(SoundSpeedMps));
        Positive(RangeTolerance, nameof(RangeTolerance));
        if (!Enum.IsDefined(RangeChange))
        {
            throw new ArgumentOutOfRangeException(nameof(RangeChange), RangeChange, "unknown RangeChangePolicy");
        }
        NonNegative(TvgSpreading, nameof(TvgSpreading));
        if (!double.IsNaN(AbsorptionDbPerKm))
        {
            NonNegative(AbsorptionDbPerKm, nameof(AbsorptionDbPerKm));
        }
        if (!double.IsFinite(TemperatureC))
        {
            throw new ArgumentOutOfRangeException(nameof(TemperatureC), TemperatureC, "TemperatureC must be finite");
        }
        NonNegative(SalinityPsu, nameof(SalinityPsu));
        NonNegative(DepthM, nameof(DepthM));
        if (!(NormalisationAlpha > 0 && NormalisationAlpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NormalisationAlpha), NormalisationAlpha, "NormalisationAlpha must be in (0, 1]");
        }
        if (!(NormalisationClipLow > 0 && NormalisationClipLow <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NormalisationClipLow), NormalisationClipLow, "NormalisationClipLow must be in (0, 1]");
        }
        if (!(NormalisationClipHigh >= 1) || double.IsPositiveInfinity(NormalisationClipHigh))
        {
            throw new ArgumentOutOfRangeException(nameof(NormalisationClipHigh), NormalisationClipHigh, "NormalisationClipHigh must be finite and >= 1");
        }
        if (MaxFillGrads is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFillGrads), MaxFillGrads, "MaxFillGrads must be in 1..20");
        }
        if (SectorGrads is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(SectorGrads), SectorGrads, "SectorGrads must be in 1..200");
        }
        if (ClusterMarginGrads is < 0 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterMarginGrads), ClusterMarginGrads, "ClusterMarginGrads must be in 0..50");
        }
        ArgumentNullException.ThrowIfNull(Obstacles, nameof(Obstacles));
        Obstacles.Validate();
        if (MaxObstacles < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxObstacles), MaxObstacles, "MaxObstacles must be >= 1");
        }
        if (CartesianSize is < 8 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(CartesianSize), CartesianSize, "CartesianSize must be in 8..4096");
        }
        Positive(DisplayFullScale, nameof(DisplayFullScale));
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and >= 0");
        }
    }
}
