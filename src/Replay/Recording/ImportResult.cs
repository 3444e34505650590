namespace RovDsp.Replay.Recording;

/// <summary>What <see cref="RecordingImporter"/> wrote.</summary>
/// <param name="Format">The input's format.</param>
/// <param name="Topic">The raw topic written.</param>
/// <param name="Messages">Messages written.</param>
/// <param name="Skipped">Input items that could not be converted (pings without two equal channels, non-ping
/// Oculus messages, Ping frames without a timestamp).</param>
/// <param name="FirstTimeNs">First message time, ns (0 without messages).</param>
/// <param name="LastTimeNs">Last message time, ns (0 without messages).</param>
public sealed record ImportResult(ImportFormat Format, string Topic, long Messages, long Skipped, long FirstTimeNs, long LastTimeNs);
