using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Processing.Feeds;

/// <summary>One alarm's ISA-18.2 state as a checkpoint keeps it across a restart (only alarms not normal are kept).</summary>
/// <param name="Alarm">The rule's name.</param>
/// <param name="State">Its state: unacknowledged, acknowledged or cleared-unacknowledged.</param>
/// <param name="RaisedNs">Message time it was last raised, ns.</param>
public sealed record SavedAlarm(string Alarm, AlarmState State, long RaisedNs);
