namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>What <see cref="ScanningSonarPipeline.Process"/> made of one step.</summary>
/// <param name="Stamp">Stamp of the input step.</param>
/// <param name="Accepted">False when the step was rejected (bad angle, period or size); nothing changed.</param>
/// <param name="AngleGrads">The step's head angle, gradians.</param>
/// <param name="ImageRangeM">Range covered by the polar image after this step, metres.</param>
/// <param name="RangeChanged">True when this step changed the image's range (see <see cref="RangeChangePolicy"/>).</param>
/// <param name="SectorDetected">True when this step completed a sector and obstacle detection ran.</param>
/// <param name="ObstacleCount">Obstacles found in that sector (0 when no detection ran).</param>
public readonly record struct ScanningSonarResult(
    MessageStamp Stamp, bool Accepted, int AngleGrads, float ImageRangeM, bool RangeChanged, bool SectorDetected,
    int ObstacleCount);
