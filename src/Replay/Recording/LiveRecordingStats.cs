namespace RovDsp.Replay.Recording;

/// <summary>Counts of one group of recorded topics (a raw kind such as <c>raw/slurry</c>, a feed such as
/// <c>feed/altitude</c>, <c>alarms</c>, <c>status</c>, or <c>other</c>), for the recorder's live display.</summary>
/// <param name="Group">The group's label.</param>
/// <param name="Messages">Messages recorded.</param>
/// <param name="Bytes">Payload bytes recorded.</param>
/// <param name="Malformed">Messages whose payload did not decode as the topic's encoding (recorded all the same).</param>
public readonly record struct LiveRecordingStats(string Group, long Messages, long Bytes, long Malformed);
