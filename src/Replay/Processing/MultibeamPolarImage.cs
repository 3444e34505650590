using System.Buffers;
using System.Text;
using System.Text.Json;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The raw multibeam frame as the sonar sent it, before any processing, as a <c>foxglove.RawImage</c> (<c>mono8</c>,
/// polar: one column per beam in the frame's beam order, one row per range bin, the farthest range on the top row so the image
/// reads like the fan) on <c>rov/{v}/polar/{sensor}</c> of processed.mcap, at the frame's log time. The raw channel's
/// own encoding (rovdsp-wire) means nothing to a viewer; this is the frame it can show. 8-bit samples are copied as
/// they are; float samples are scaled so the frame's largest is 255.
/// </summary>
public sealed class MultibeamPolarImage
{
    /// <summary>The schema we declare: Foxglove's published <c>foxglove.RawImage</c> (tests/mcap-interop checks it
    /// against @foxglove/schemas).</summary>
    public const string Schema =
        "{\"title\":\"foxglove.RawImage\",\"type\":\"object\",\"properties\":{\"timestamp\":" + FeedSchemas.Time + "," +
        "\"frame_id\":{\"type\":\"string\"},\"width\":{\"type\":\"integer\"},\"height\":{\"type\":\"integer\"}," +
        "\"encoding\":{\"type\":\"string\"},\"step\":{\"type\":\"integer\"},\"data\":{\"type\":\"string\",\"contentEncoding\":\"base64\"}}}";

    private readonly MultibeamFrameCodec _codec = new();
    private readonly ArrayBufferWriter<byte> _json = new(64 * 1024);
    private readonly McapWriter _writer;
    private readonly ushort _channel;
    private readonly string _sensor;
    private byte[] _pixels = [];
    private uint _sequence;

    /// <summary>Registers the image channel of <paramref name="sensor"/> in <paramref name="writer"/>, sharing the
    /// schema <paramref name="schema"/> (0 registers it).</summary>
    public MultibeamPolarImage(McapWriter writer, string root, string sensor, ref ushort schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _sensor = sensor;
        if (schema == 0)
        {
            schema = writer.RegisterSchema("foxglove.RawImage", "jsonschema", Encoding.UTF8.GetBytes(Schema));
        }

        _channel = writer.RegisterChannel(schema, Topic(root, sensor), "json");
    }

    /// <summary>The image topic of a multibeam sensor.</summary>
    public static string Topic(string root, string sensor) => root + "/polar/" + sensor;

    /// <summary>Images written.</summary>
    public long Written { get; private set; }

    /// <summary>Writes the image of one raw frame; a frame that does not decode writes nothing (its handler reports it).</summary>
    public void Write(McapMessage message)
    {
        if (_codec.TryDecode(message.Data.Span, out var frame) != WireError.None || frame is null)
        {
            return;
        }

        int beams = frame.BeamCount, bins = frame.BinCount;
        if (_pixels.Length < beams * bins)
        {
            _pixels = new byte[beams * bins];
        }

        var scale = 1f;
        if (frame.ByteSamples.Length == 0)
        {
            var max = 0f;
            foreach (var v in frame.FloatSamples.AsSpan(0, beams * bins))
            {
                max = float.IsFinite(v) ? Math.Max(max, Math.Abs(v)) : max;
            }

            scale = max > 0 ? 255f / max : 0f;
        }

        for (var bin = 0; bin < bins; bin++)
        {
            var row = _pixels.AsSpan((bins - 1 - bin) * beams, beams);
            for (var beam = 0; beam < beams; beam++)
            {
                var i = frame.Layout == MultibeamLayout.RangeMajor ? bin * beams + beam : beam * bins + bin;
                row[beam] = frame.ByteSamples.Length > 0
                    ? frame.ByteSamples[i]
                    : (byte)Math.Clamp(MathF.Abs(float.IsFinite(frame.FloatSamples[i]) ? frame.FloatSamples[i] : 0f) * scale + 0.5f, 0f, 255f);
            }
        }

        _json.Clear();
        using (var json = new Utf8JsonWriter(_json))
        {
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "timestamp", (long)message.LogTime);
            json.WriteString("frame_id", _sensor);
            json.WriteNumber("width", beams);
            json.WriteNumber("height", bins);
            json.WriteString("encoding", "mono8");
            json.WriteNumber("step", beams);
            json.WriteBase64String("data", _pixels.AsSpan(0, beams * bins));
            json.WriteEndObject();
        }

        _writer.WriteMessage(_channel, _sequence++, message.LogTime, message.LogTime, _json.WrittenSpan);
        Written++;
    }
}
