namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>What happened to an alarm.</summary>
public enum AlarmTransition : byte
{
    /// <summary>The alarm became active.</summary>
    Raised = 0,

    /// <summary>The alarm cleared.</summary>
    Cleared = 1,
}
