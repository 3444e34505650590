namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>One highlight followed by a shadow in a normalised ground-range line (bin indices).</summary>
/// <param name="ShadowStart">First bin of the shadow (the bin after the object's far edge).</param>
/// <param name="ShadowEnd">Bin just past the shadow (exclusive).</param>
/// <param name="HighlightLevel">Peak 3-bin smoothed level of the highlight before the shadow.</param>
/// <param name="ShadowLevel">Mean level over the shadow.</param>
public readonly record struct HighlightShadowPair(int ShadowStart, int ShadowEnd, float HighlightLevel, float ShadowLevel);
