namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>What one slurry sensor has delivered and what was wrong with it, since construction or reset.</summary>
/// <param name="Samples">Readings received.</param>
/// <param name="NotFinite">NaN or infinite readings (rejected).</param>
/// <param name="OutOfRange">Readings outside the stated range (rejected).</param>
/// <param name="OutOfOrder">Readings stamped earlier than the sensor's previous one (rejected).</param>
/// <param name="StuckEvents">Times the sensor was found stuck.</param>
/// <param name="DropoutEvents">Times the sensor went silent past the dropout limit.</param>
/// <param name="SpikesReplaced">Readings the Hampel filter replaced by their window median.</param>
public readonly record struct SlurrySensorCounters(
    long Samples, long NotFinite, long OutOfRange, long OutOfOrder, long StuckEvents, long DropoutEvents,
    long SpikesReplaced);
