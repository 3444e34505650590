namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>One raise or clear emitted by <see cref="AlarmEngine.Evaluate"/>.</summary>
/// <param name="TimestampNs">The evaluation's time (of <see cref="AlarmInputs.TimestampNs"/>), ns since the Unix epoch.</param>
/// <param name="RuleIndex">Index of the rule in the engine's rule list.</param>
/// <param name="Severity">The rule's severity.</param>
/// <param name="Transition">Raised or cleared.</param>
/// <param name="Value">The watched value at the transition (m, s, or 1/0 for flags).</param>
public readonly record struct AlarmEvent(
    long TimestampNs, int RuleIndex, AlarmSeverity Severity, AlarmTransition Transition, double Value);
