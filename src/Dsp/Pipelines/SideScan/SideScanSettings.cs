namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// Settings of <see cref="SideScanPipeline"/>. Defaults suit a 300–900 kHz survey side-scan flown a few metres
/// to ~15 m above the seabed with up to 50 m of range per side (the Scotsman Iver2 recording: 600 kHz,
/// 30 m, 1024 samples per side).
/// </summary>
public sealed record SideScanSettings
{
    /// <summary>Largest number of samples per side accepted (buffers are sized for it). Default 4096.</summary>
    public int MaxSamples { get; init; } = 4096;

    /// <summary>Ground-range bins per side of the fixed output grid. Default 512.</summary>
    public int GroundBins { get; init; } = 512;

    /// <summary>Ground range covered by the grid, metres; bin k is centred at k·MaxGroundRangeM/GroundBins. Default 50.</summary>
    public double MaxGroundRangeM { get; init; } = 50.0;

    /// <summary>Lines kept in the waterfall ring buffer. Default 512 (about 30 s at 15 lines/s).</summary>
    public int WaterfallLines { get; init; } = 512;

    /// <summary>Normalised level shown as white (255) in the waterfall; the background (1) sits at 255/this. Default 2.</summary>
    public double WaterfallFullScale { get; init; } = 2.0;

    /// <summary>Whether to apply time-varying gain before normalisation. Default true.</summary>
    public bool ApplyTvg { get; init; } = true;

    /// <summary>
    /// Spreading coefficient k of the TVG's k·log10(R): 30 for the seabed (the brief: 30·log10 R + 2αR for an
    /// areal scatterer whose insonified patch grows with R). Default 30.
    /// </summary>
    public double TvgSpreading { get; init; } = 30.0;

    /// <summary>
    /// Absorption for the TVG in dB/km; NaN (default) computes it from each line's frequency with
    /// Francois–Garrison at <see cref="TemperatureC"/>, <see cref="SalinityPsu"/>, <see cref="DepthM"/>.
    /// </summary>
    public double AbsorptionDbPerKm { get; init; } = double.NaN;

    /// <summary>Water temperature for the absorption, °C. Default 1.5 (the brief's seabed at 5,500–6,000 m).</summary>
    public double TemperatureC { get; init; } = 1.5;

    /// <summary>Salinity for the absorption, PSU. Default 34.7 (the brief).</summary>
    public double SalinityPsu { get; init; } = 34.7;

    /// <summary>Depth for the absorption, metres. Default 5700 (the brief's 2026 test depth).</summary>
    public double DepthM { get; init; } = 5700.0;

    /// <summary>
    /// Smoothing factor of the per-bin running mean used for across-track normalisation (an EWMA across lines,
    /// y = y + α(x − y), the recursion of <see cref="Statistics.Ewma"/>). Default 0.005: a memory of ~200 lines,
    /// long enough that a wreck spanning 100–200 lines does not become its own background.
    /// </summary>
    public double NormalisationAlpha { get; init; } = 0.005;

    /// <summary>
    /// Winsorising bounds of the mean's update: each new value is clamped to [low, high]·mean before it enters the
    /// mean, so highlights and shadows move the background slowly. Default 0.5.
    /// </summary>
    public double NormalisationClipLow { get; init; } = 0.5;

    /// <summary>Upper winsorising bound (see <see cref="NormalisationClipLow"/>). Default 1.5.</summary>
    public double NormalisationClipHigh { get; init; } = 1.5;

    /// <summary>Smallest altitude the first-bottom-return detector accepts, metres (skips the transmit pulse). Default 0.5.</summary>
    public double MinAltitudeM { get; init; } = 0.5;

    /// <summary>Length of the boxcar that smooths the water column for the bottom detector, metres. Default 0.25.</summary>
    public double BottomSmoothingM { get; init; } = 0.25;

    /// <summary>
    /// The first bottom return is the first smoothed sample beyond <see cref="MinAltitudeM"/> that exceeds this
    /// fraction of the line's smoothed peak. Default 0.35.
    /// </summary>
    public double BottomThresholdFraction { get; init; } = 0.35;

    /// <summary>How far before a shadow the highlight is looked for, metres. Default 0.5.</summary>
    public double HighlightWindowM { get; init; } = 0.5;

    /// <summary>Smallest normalised highlight level (3-bin smoothed; background is 1). Default 1.0.</summary>
    public double HighlightLevel { get; init; } = 1.0;

    /// <summary>Window over which a shadow's onset is averaged, metres. Default 0.6.</summary>
    public double ShadowWindowM { get; init; } = 0.6;

    /// <summary>Largest mean normalised level of a shadow onset window. Default 0.2 (7 dB below the background).</summary>
    public double ShadowLevel { get; init; } = 0.2;

    /// <summary>A shadow ends where the windowed mean rises back to this normalised level. Default 0.35.</summary>
    public double ShadowEndLevel { get; init; } = 0.35;

    /// <summary>Shortest shadow reported, metres. Default 1.0.</summary>
    public double MinShadowLengthM { get; init; } = 1.0;

    /// <summary>
    /// Near nadir one slant sample spreads over many ground bins (dg/ds = s/g), so a single dark sample looks like
    /// a long shadow. Detection starts where one sample spans at most this many ground bins:
    /// g ≥ a·δs / √((k·Δg)² − δs²), δs = c·dt/2 (or at g = a, 45° grazing, when k·Δg ≤ δs). Default 2.
    /// </summary>
    public double MaxBinsPerSample { get; init; } = 2.0;

    /// <summary>Most targets reported per side per line. Default 8.</summary>
    public int MaxTargetsPerSide { get; init; } = 8;

    /// <summary>Ground-range bin spacing, metres.</summary>
    public double BinSpacingM => MaxGroundRangeM / GroundBins;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(MaxSamples, nameof(MaxSamples));
        if (GroundBins < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(GroundBins), GroundBins, "GroundBins must be >= 16");
        }
        Positive(MaxGroundRangeM, nameof(MaxGroundRangeM));
        Positive(WaterfallLines, nameof(WaterfallLines));
        Positive(WaterfallFullScale, nameof(WaterfallFullScale));
        NonNegative(TvgSpreading, nameof(TvgSpreading));
        if (!double.IsNaN(AbsorptionDbPerKm))
        {
            NonNegative(AbsorptionDbPerKm, nameof(AbsorptionDbPerKm));
        }
        Finite(TemperatureC, nameof(TemperatureC));
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
        NonNegative(MinAltitudeM, nameof(MinAltitudeM));
        Positive(BottomSmoothingM, nameof(BottomSmoothingM));
        if (!(BottomThresholdFraction > 0 && BottomThresholdFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BottomThresholdFraction), BottomThresholdFraction, "BottomThresholdFraction must be in (0, 1)");
        }
        Positive(HighlightWindowM, nameof(HighlightWindowM));
        Positive(HighlightLevel, nameof(HighlightLevel));
        Positive(ShadowWindowM, nameof(ShadowWindowM));
        Positive(ShadowLevel, nameof(ShadowLevel));
        if (!(ShadowEndLevel >= ShadowLevel) || double.IsPositiveInfinity(ShadowEndLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(ShadowEndLevel), ShadowEndLevel, "ShadowEndLevel must be finite and >= ShadowLevel");
        }
        if (HighlightLevel <= ShadowEndLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(HighlightLevel), HighlightLevel, "HighlightLevel must exceed ShadowEndLevel");
        }
        Positive(MinShadowLengthM, nameof(MinShadowLengthM));
        Positive(MaxTargetsPerSide, nameof(MaxTargetsPerSide));
        if (!(MaxBinsPerSample >= 1) || double.IsPositiveInfinity(MaxBinsPerSample))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBinsPerSample), MaxBinsPerSample, "MaxBinsPerSample must be finite and >= 1");
        }
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

    private static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite");
        }
    }
}
