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
public sealed record VehicleCheckpoint(
    string Vehicle, DateTimeOffset SavedUtc, long LatestNs, long DayStartNs, long DayEndNs,
    IReadOnlyList<KeyValuePair<string, SlurryTotals>> Slurry,
    IReadOnlyList<SavedAlarm> Alarms,
    IReadOnlyList<KeyValuePair<string, AltitudeMemory>> Altitude)
{
    /// <summary>The payload version this code writes and reads.</summary>
    public const int Version = 1;
}
