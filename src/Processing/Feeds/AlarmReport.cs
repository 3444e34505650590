using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One report a handler gave an <see cref="IAlarmSink"/>, as data: what offline processing records when handlers run
/// on worker threads (<see cref="AlarmReportRecorder"/>) and replays in message order
/// (<see cref="AlarmHub.ApplyAsync"/>), so the alarms do not depend on which thread finished first. Not to be confused
/// with <see cref="AlarmInputs"/>, the snapshot of every feed's latest values that the rules are evaluated over.
/// </summary>
/// <param name="Kind">Which report method it was.</param>
/// <param name="TimestampNs">The message time it was given.</param>
/// <param name="Feed">The feed (obstacle and touch reports).</param>
/// <param name="Value">Altitude or nearest obstacle range, metres.</param>
/// <param name="Flag">Altitude valid, or clog warning.</param>
/// <param name="Faults">Slurry sensor fault bits.</param>
public readonly record struct AlarmReport(AlarmReportKind Kind, long TimestampNs, AlarmFeed Feed, float Value, bool Flag, ulong Faults);
