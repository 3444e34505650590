using System.Buffers;
using System.Text.Json;
using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Mcap;

/// <summary>
/// A PNG wrapped as Foxglove's well-known <c>foxglove.CompressedImage</c> JSON message (timestamp, frame id, base64
/// data, format), the form in which the Image panels of Foxglove and Lichtblick show an image from an MCAP file. The
/// PNG's bytes are kept exactly (base64); the frame id is the topic's last level (the sensor).
/// </summary>
public static class FoxgloveCompressedImage
{
    /// <summary>The schema's name in an MCAP file.</summary>
    public const string Name = "foxglove.CompressedImage";

    /// <summary>The JSON Schema: Foxglove's published schema, trimmed to the fields we write.</summary>
    public const string Schema =
        "{\"title\":\"foxglove.CompressedImage\",\"type\":\"object\",\"properties\":{" +
        "\"timestamp\":{\"type\":\"object\",\"properties\":{\"sec\":{\"type\":\"integer\"},\"nsec\":{\"type\":\"integer\"}}}," +
        "\"frame_id\":{\"type\":\"string\"},\"data\":{\"type\":\"string\",\"contentEncoding\":\"base64\"}," +
        "\"format\":{\"type\":\"string\"}}}";

    /// <summary>Writes the message of <paramref name="png"/>, stamped <paramref name="timeNs"/> (ns since the epoch),
    /// into <paramref name="output"/> (appended).</summary>
    public static void Write(IBufferWriter<byte> output, string topic, ReadOnlySpan<byte> png, long timeNs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(topic);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        JsonFeedBuffer.Time(json, "timestamp", timeNs);
        json.WriteString("frame_id", topic.AsSpan(topic.LastIndexOf('/') + 1));
        json.WriteBase64String("data", png);
        json.WriteString("format", "png");
        json.WriteEndObject();
    }

    /// <summary>True when <paramref name="payload"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> payload) => payload.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
}
