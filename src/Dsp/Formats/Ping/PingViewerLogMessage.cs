namespace RovDsp.Dsp.Formats.Ping;

/// <summary>A Ping message decoded from a log, stamped with the record whose bytes completed its frame.</summary>
/// <param name="RecordIndex">Index of the record that completed the frame.</param>
/// <param name="Timestamp">That record's timestamp (null when it could not be parsed).</param>
/// <param name="MessageId">Frame message id.</param>
/// <param name="SourceId">Frame source device id.</param>
/// <param name="DestinationId">Frame destination device id.</param>
/// <param name="Payload">A copy of the frame payload.</param>
public sealed record PingViewerLogMessage(
    int RecordIndex,
    TimeSpan? Timestamp,
    ushort MessageId,
    byte SourceId,
    byte DestinationId,
    byte[] Payload);
