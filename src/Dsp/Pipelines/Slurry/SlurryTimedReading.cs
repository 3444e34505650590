namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>One conditioned reading held for alignment: the instant it describes and its value.</summary>
/// <param name="TimeNs">Message time the reading describes (a densitometer's already moved back by its lag), ns.</param>
/// <param name="Value">The conditioned value, in the sensor's unit.</param>
public readonly record struct SlurryTimedReading(long TimeNs, float Value);
