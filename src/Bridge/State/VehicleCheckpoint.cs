using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.State;

/// <summary>One vehicle's state at a checkpoint: what a restarted bridge takes up (docs/topics.md, "State
/// checkpoint"). The day is the data's, in message time, by the slurry line's day boundary.</summary>
/// <param name="Vehicle">The vehicle it belongs to.</param>
/// <param name="SavedUtc">Wall time it was written.</param>
/// <param name="LatestNs">The latest message time the bridge had seen, ns.</param>
/// <param name="DayStartNs">Start of the day of <paramref name="LatestNs"/>, ns.</param>
/// <param name="DayEndNs">End of that day, ns.</param>
/// <param name="Slurry">Each slurry line's totals, by sensor.</param>
/// <param name="Alarms">Every alarm not normal.</param>
/// <param name="Altitude">Each echosounder's last valid altitude, by sensor.</param>
/// <param name="SlurryAlignment">Each slurry line's readings received but not yet counted, by sensor (version 2; none in
/// a version 1 checkpoint, whose totals restore without them).</param>
public sealed record VehicleCheckpoint(
    string Vehicle, DateTimeOffset SavedUtc, long LatestNs, long DayStartNs, long DayEndNs,
    IReadOnlyList<KeyValuePair<string, SlurryTotals>> Slurry,
    IReadOnlyList<SavedAlarm> Alarms,
    IReadOnlyList<KeyValuePair<string, AltitudeMemory>> Altitude,
    IReadOnlyList<KeyValuePair<string, SlurryAlignmentSnapshot>>? SlurryAlignment = null)
{
    /// <summary>The payload version this code writes (it also reads <see cref="OldestReadVersion"/> onwards).</summary>
    public const int Version = 2;

    /// <summary>The oldest payload version read: version 1 had no received-but-not-counted readings.</summary>
    public const int OldestReadVersion = 1;
}
