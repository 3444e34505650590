namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// Description of the transmitted pulse, enough to rebuild the replica for pulse compression: a rectangular
/// envelope of <paramref name="DurationS"/> seconds carrying either a CW tone at the ping's carrier or a linear
/// sweep from <paramref name="StartFrequencyHz"/> to <paramref name="EndFrequencyHz"/> (absolute, pass-band
/// frequencies; a complex baseband ping sweeps f0 − fc to f1 − fc).
/// </summary>
/// <param name="Shape">CW or LFM.</param>
/// <param name="StartFrequencyHz">LFM start frequency f0 in Hz (ignored for CW).</param>
/// <param name="EndFrequencyHz">LFM end frequency f1 in Hz (ignored for CW).</param>
/// <param name="DurationS">Pulse length T in seconds, &gt; 0.</param>
public readonly record struct EchosounderPulse(
    EchosounderPulseShape Shape, double StartFrequencyHz, double EndFrequencyHz, double DurationS)
{
    /// <summary>A CW pulse of <paramref name="durationS"/> seconds.</summary>
    /// <param name="durationS">Pulse length in seconds.</param>
    public static EchosounderPulse Cw(double durationS) =>
        new(EchosounderPulseShape.ContinuousWave, 0.0, 0.0, durationS);

    /// <summary>An LFM chirp from <paramref name="startHz"/> to <paramref name="endHz"/> lasting
    /// <paramref name="durationS"/> seconds.</summary>
    /// <param name="startHz">Start frequency f0 in Hz.</param>
    /// <param name="endHz">End frequency f1 in Hz.</param>
    /// <param name="durationS">Pulse length in seconds.</param>
    public static EchosounderPulse Lfm(double startHz, double endHz, double durationS) =>
        new(EchosounderPulseShape.LinearFm, startHz, endHz, durationS);

    /// <summary>
    /// The effective bandwidth that sets the compressed pulse width: |f1 − f0| for LFM, 1/T for CW (the
    /// autocorrelation of a rectangular burst is a triangle T wide at half height).
    /// </summary>
    public double EffectiveBandwidthHz => Shape == EchosounderPulseShape.LinearFm
        ? Math.Max(Math.Abs(EndFrequencyHz - StartFrequencyHz), 1.0 / DurationS)
        : 1.0 / DurationS;

    /// <summary>Range resolution c/(2·B) in metres at sound speed <paramref name="soundSpeedMps"/>
    /// (docs/domain.md#pulse-compression; for CW B = 1/T gives c·T/2).</summary>
    /// <param name="soundSpeedMps">Sound speed in m/s.</param>
    public double RangeResolutionM(double soundSpeedMps) => soundSpeedMps / (2.0 * EffectiveBandwidthHz);

    /// <summary>Whether the description is usable: finite positive duration, finite frequencies, f0 ≠ f1 for LFM.</summary>
    public bool IsValid =>
        DurationS > 0 && double.IsFinite(DurationS) && double.IsFinite(StartFrequencyHz) && double.IsFinite(EndFrequencyHz)
        && (Shape == EchosounderPulseShape.ContinuousWave
            || (Shape == EchosounderPulseShape.LinearFm && StartFrequencyHz != EndFrequencyHz));
}
