namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>
/// One alarm rule: a condition with separate raise and clear thresholds (hysteresis: a value hovering near one
/// threshold cannot toggle the alarm) and dwell times (the raise condition must hold continuously for
/// <see cref="RaiseDwellS"/> before raising, the clear condition for <see cref="ClearDwellS"/> before clearing:
/// the minimum off and on times that stop chattering; ISA-18.2 calls them on-delay and off-delay).
/// </summary>
/// <param name="Name">Display name (for the log and the operator).</param>
/// <param name="Condition">What is watched.</param>
/// <param name="Severity">How urgent.</param>
/// <param name="RaiseThreshold">Threshold that raises (m for altitude/obstacle, s for staleness; unused for flags).</param>
/// <param name="ClearThreshold">Threshold that clears: above the raise threshold for altitude and obstacle
/// rules, below it for staleness.</param>
/// <param name="RaiseDwellS">How long the raise condition must hold, s.</param>
/// <param name="ClearDwellS">How long the clear condition must hold, s.</param>
/// <param name="Feed">The feed watched by a <see cref="AlarmCondition.FeedStale"/> rule.</param>
/// <param name="FaultMask">Fault bits watched by a <see cref="AlarmCondition.SensorFault"/> rule.</param>
public sealed record AlarmRule(
    string Name,
    AlarmCondition Condition,
    AlarmSeverity Severity,
    double RaiseThreshold = 0,
    double ClearThreshold = 0,
    double RaiseDwellS = 0,
    double ClearDwellS = 0,
    AlarmFeed Feed = AlarmFeed.Altimeter,
    ulong FaultMask = ulong.MaxValue)
{
    /// <summary>
    /// A default rule set. Thresholds are assumptions for a seabed collector crawling at 0.4 m/s: altitude
    /// warning under 1.0 m (critical under 0.5 m, the lowest the programme flies); obstacle warning inside 10 m
    /// (25 s of travel), critical inside 4 m; clog warning as raised by the slurry pipeline; sensor faults as
    /// info; the altimeter (5–20 pings/s) stale after 2 s, sonar after 3 s, the slurry feed (10–100 Hz) after 5 s.
    /// </summary>
    public static IReadOnlyList<AlarmRule> Defaults { get; } =
    [
        new("Altitude low", AlarmCondition.AltitudeBelow, AlarmSeverity.Warning, 1.0, 1.2, 0.5, 2.0),
        new("Altitude critical", AlarmCondition.AltitudeBelow, AlarmSeverity.Critical, 0.5, 0.7, 0.2, 2.0),
        new("Obstacle in corridor", AlarmCondition.ObstacleWithin, AlarmSeverity.Warning, 10.0, 12.0, 0.5, 3.0),
        new("Obstacle close", AlarmCondition.ObstacleWithin, AlarmSeverity.Critical, 4.0, 5.0, 0.2, 3.0),
        new("Slurry clog/settling", AlarmCondition.ClogWarning, AlarmSeverity.Warning, 0, 0, 0.0, 10.0),
        new("Sensor fault", AlarmCondition.SensorFault, AlarmSeverity.Info, 0, 0, 1.0, 5.0),
        new("Altimeter stale", AlarmCondition.FeedStale, AlarmSeverity.Critical, 2.0, 1.0, 0, 2.0, AlarmFeed.Altimeter),
        new("Imaging sonar stale", AlarmCondition.FeedStale, AlarmSeverity.Warning, 3.0, 1.0, 0, 2.0, AlarmFeed.ImagingSonar),
        new("Slurry feed stale", AlarmCondition.FeedStale, AlarmSeverity.Warning, 5.0, 1.0, 0, 2.0, AlarmFeed.Slurry),
    ];
}
