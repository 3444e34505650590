namespace RovDsp.Replay.Recording;

/// <summary>What a <see cref="LiveRecorder"/> made of one topic: how its channel is encoded, and what its statistics
/// are grouped under.</summary>
public enum LiveRecordingKind
{
    /// <summary>A raw topic in the project's wire encoding (<c>rov/{v}/raw/{kind}/{sensor}</c>, kinds 1–5).</summary>
    Wire,

    /// <summary>A raw Ping-device topic (<c>rov/{v}/raw/ping/{sensor}</c>): frames as the device sent them.</summary>
    Ping,

    /// <summary>JSON (a feed, alarms, status, or any payload with a JSON content type).</summary>
    Json,

    /// <summary>A PNG image feed (<c>image/png</c>: fan, scan, waterfall), wrapped as <c>foxglove.CompressedImage</c> JSON
    /// (the PNG's bytes kept exactly, base64) so the viewers' Image panels show it.</summary>
    Image,

    /// <summary>Anything else (custom topics): kept as received, encoding from its content type.</summary>
    Other,
}
