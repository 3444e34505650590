using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One input a handler gave the <see cref="AlarmHub"/>, as data: what offline processing records when handlers run
/// on worker threads (<see cref="AlarmHub.Recorder"/>) and replays in message order
/// (<see cref="AlarmHub.ApplyAsync"/>), so the alarms do not depend on which thread finished first.
/// </summary>
/// <param name="Kind">Which input method it was.</param>
/// <param name="TimestampNs">The message time it was given.</param>
/// <param name="Feed">The feed (obstacle and touch inputs).</param>
/// <param name="Value">Altitude or nearest obstacle range, metres.</param>
/// <param name="Flag">Altitude valid, or clog warning.</param>
/// <param name="Faults">Slurry sensor fault bits.</param>
public readonly record struct AlarmInput(AlarmInputKind Kind, long TimestampNs, AlarmFeed Feed, float Value, bool Flag, ulong Faults);
