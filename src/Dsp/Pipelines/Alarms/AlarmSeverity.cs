namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>How urgent an alarm is (ordered: a higher value is more urgent).</summary>
public enum AlarmSeverity : byte
{
    /// <summary>For the log and the engineer's attention.</summary>
    Info = 0,

    /// <summary>The pilot should act soon.</summary>
    Warning = 1,

    /// <summary>Act now: vehicle or line at risk.</summary>
    Critical = 2,
}
