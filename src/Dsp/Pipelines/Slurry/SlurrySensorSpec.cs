namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>One row of the slurry pipeline's sensor table.</summary>
/// <param name="Id">The id carried by <see cref="SlurrySample.SensorId"/> (0–255).</param>
/// <param name="Kind">What it measures; each kind appears at most once in a table.</param>
/// <param name="RateHz">Nominal sample rate, Hz (the filters are designed for it; dropouts are judged against it).</param>
/// <param name="MinValue">Lowest plausible reading; below it a reading is rejected as out of range.</param>
/// <param name="MaxValue">Highest plausible reading.</param>
/// <param name="StuckWindowS">A sensor whose reading does not change at all for this long is stuck; 0 disables
/// the test (for quantised set-point readings such as a drive's reported speed).</param>
public sealed record SlurrySensorSpec(
    ushort Id, SlurrySensorKind Kind, double RateHz, double MinValue, double MaxValue, double StuckWindowS = 2.0);
