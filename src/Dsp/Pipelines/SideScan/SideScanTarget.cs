namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// An object standing on the seabed, seen as a bright return followed, further out, by an acoustic shadow.
/// </summary>
/// <param name="Stamp">Stamp of the line it was seen in.</param>
/// <param name="Side">The side it lies on.</param>
/// <param name="GroundRangeM">Ground range of the shadow's start (the object's far edge), metres.</param>
/// <param name="ShadowLengthM">Length of the shadow along ground range, metres.</param>
/// <param name="HeightM">Height estimate from the shadow, altitude·L/(R+L), metres; NaN when the altitude was unknown.</param>
/// <param name="HighlightLevel">Peak normalised level of the highlight (background is 1).</param>
/// <param name="ShadowLevel">Mean normalised level inside the shadow.</param>
public readonly record struct SideScanTarget(
    MessageStamp Stamp, SideScanSide Side, float GroundRangeM, float ShadowLengthM, float HeightM,
    float HighlightLevel, float ShadowLevel);
