namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>An alarm's state as ANSI/ISA-18.2 names them (its state diagram, states A–D; shelving and suppression are not
/// used): whether the condition is active and whether an operator has acknowledged it.</summary>
public enum AlarmState
{
    /// <summary>Not active and nothing to acknowledge (ISA-18.2 "normal"): not shown.</summary>
    Normal = 0,

    /// <summary>Active, not yet acknowledged ("unacknowledged alarm").</summary>
    UnacknowledgedActive,

    /// <summary>Active and acknowledged ("acknowledged alarm").</summary>
    AcknowledgedActive,

    /// <summary>Cleared before anyone acknowledged it ("return to normal, unacknowledged"): still shown until acknowledged.</summary>
    ClearedUnacknowledged,
}
