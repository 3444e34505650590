namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>What an <see cref="AlarmRule"/> watches in <see cref="AlarmInputs"/>.</summary>
public enum AlarmCondition : byte
{
    /// <summary>Altitude below the raise threshold (m); clears above the clear threshold. An invalid altitude
    /// holds the verdict (the altimeter's staleness is its own rule).</summary>
    AltitudeBelow = 0,

    /// <summary>Nearest obstacle in the corridor closer than the raise threshold (m); clears beyond the clear
    /// threshold or when the corridor is empty (NaN).</summary>
    ObstacleWithin = 1,

    /// <summary>The slurry line's clog/settling warning is up.</summary>
    ClogWarning = 2,

    /// <summary>Any of the rule's <see cref="AlarmRule.FaultMask"/> bits is set in <see cref="AlarmInputs.SensorFaults"/>.</summary>
    SensorFault = 3,

    /// <summary>The rule's feed has not updated for more than the raise threshold (s); clears when its age is
    /// below the clear threshold. A feed never updated is stale. With <see cref="AlarmRule.StaleIntervalMultiple"/>
    /// the thresholds follow the feed's message interval (<see cref="AlarmEngine.StaleThresholds"/>).</summary>
    FeedStale = 4,
}
