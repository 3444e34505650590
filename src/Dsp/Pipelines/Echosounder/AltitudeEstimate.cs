namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>The echosounder pipeline's result for one ping.</summary>
/// <param name="Stamp">The input ping's stamp.</param>
/// <param name="AltitudeM">Tracked altitude above the seabed in metres (NaN when <see cref="State"/> is
/// <see cref="AltitudeState.Lost"/>).</param>
/// <param name="Confidence">0–1: detection SNR times consistency with the track; decays while held, 0 when lost.</param>
/// <param name="BottomStrengthDb">Level of the picked echo after pulse compression and seabed time-varying gain
/// (30·log10 R + 2αR), dB relative to the input's units squared; NaN without a pick.</param>
/// <param name="SnrDb">Picked echo's peak power over the ping's noise floor after pulse compression, dB; NaN without a pick.</param>
/// <param name="State">Valid, Held or Lost.</param>
/// <param name="RawPickM">This ping's bottom pick (leading edge of the chosen echo) in metres before tracking, NaN when none.</param>
/// <param name="SoundSpeedMps">Sound speed used to convert time to range, m/s.</param>
/// <param name="RangeResolutionM">Range resolution of the ping's pulse, c/(2B), metres.</param>
public readonly record struct AltitudeEstimate(
    MessageStamp Stamp,
    double AltitudeM,
    double Confidence,
    double BottomStrengthDb,
    double SnrDb,
    AltitudeState State,
    double RawPickM,
    double SoundSpeedMps,
    double RangeResolutionM);
