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
/// <param name="StaleIntervalMultiple">For a <see cref="AlarmCondition.FeedStale"/> rule: when positive, the raise
/// threshold follows the feed's measured message interval (<see cref="AlarmInputs.IntervalNs"/>): it becomes
/// max(<paramref name="RaiseThreshold"/>, multiple × interval), capped at <paramref name="StaleCeilingS"/>, and the
/// clear threshold scales with it. 0 keeps the fixed thresholds.</param>
/// <param name="StaleCeilingS">The largest raise threshold an interval-following staleness rule may reach, s: a
/// dead sensor raises within this bound whatever its rate was (and so does a feed whose rate is not known yet).</param>
public sealed record AlarmRule(
    string Name,
    AlarmCondition Condition,
    AlarmSeverity Severity,
    double RaiseThreshold = 0,
    double ClearThreshold = 0,
    double RaiseDwellS = 0,
    double ClearDwellS = 0,
    AlarmFeed Feed = AlarmFeed.Altimeter,
    ulong FaultMask = ulong.MaxValue,
    double StaleIntervalMultiple = 0,
    double StaleCeilingS = 0)
{
    /// <summary>
    /// A default rule set. Thresholds are assumptions for a seabed collector crawling at 0.4 m/s: altitude
    /// warning under 1.0 m (critical under 0.5 m, the lowest the programme flies); obstacle warning inside 10 m
    /// (25 s of travel), critical inside 4 m; clog warning as raised by the slurry pipeline; sensor faults as
    /// info. Staleness follows each feed's own rate: stale when nothing arrived for 4 message intervals, but never
    /// sooner than the floor (the altimeter 2 s, sonar 3 s, the slurry feed 5 s: a 10 Hz sensor keeps these tight
    /// thresholds) and never later than the ceiling (10 s for the altimeter, 15 s for sonar, 30 s for the slurry
    /// feed), so a 0.5 frames/s multibeam is stale after 8 s rather than always, and a dead sensor still raises.
    /// Four intervals: one late or lost message (two intervals) must not raise, three in a row may.
    /// </summary>
    public static IReadOnlyList<AlarmRule> Defaults { get; } =
    [
        new("Altitude low", AlarmCondition.AltitudeBelow, AlarmSeverity.Warning, 1.0, 1.2, 0.5, 2.0),
        new("Altitude critical", AlarmCondition.AltitudeBelow, AlarmSeverity.Critical, 0.5, 0.7, 0.2, 2.0),
        new("Obstacle in corridor", AlarmCondition.ObstacleWithin, AlarmSeverity.Warning, 10.0, 12.0, 0.5, 3.0),
        new("Obstacle close", AlarmCondition.ObstacleWithin, AlarmSeverity.Critical, 4.0, 5.0, 0.2, 3.0),
        new("Slurry clog/settling", AlarmCondition.ClogWarning, AlarmSeverity.Warning, 0, 0, 0.0, 10.0),
        new("Sensor fault", AlarmCondition.SensorFault, AlarmSeverity.Info, 0, 0, 1.0, 5.0),
        new("Altimeter stale", AlarmCondition.FeedStale, AlarmSeverity.Critical, 2.0, 1.0, 0, 2.0, AlarmFeed.Altimeter,
            StaleIntervalMultiple: 4, StaleCeilingS: 10),
        new("Imaging sonar stale", AlarmCondition.FeedStale, AlarmSeverity.Warning, 3.0, 1.0, 0, 2.0, AlarmFeed.MultibeamSonar,
            StaleIntervalMultiple: 4, StaleCeilingS: 15),
        new("Slurry feed stale", AlarmCondition.FeedStale, AlarmSeverity.Warning, 5.0, 1.0, 0, 2.0, AlarmFeed.Slurry,
            StaleIntervalMultiple: 4, StaleCeilingS: 30),
    ];
}
