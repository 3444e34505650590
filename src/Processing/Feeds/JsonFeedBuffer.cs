using System.Buffers;
using System.Text.Json;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// A reusable buffer and JSON writer for one feed: <see cref="Begin"/> rewinds both, so writing a feed message
/// allocates nothing once the buffer has grown to the message's size. Numbers are written with invariant
/// formatting by <see cref="Utf8JsonWriter"/>; non-finite values are written as null (JSON has no NaN).
/// </summary>
public sealed class JsonFeedBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    /// <summary>Creates an empty buffer.</summary>
    public JsonFeedBuffer()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = false });
    }

    /// <summary>Rewinds and returns the writer for a new message.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>The finished message (flushes the writer).</summary>
    public ReadOnlyMemory<byte> End()
    {
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>Writes a number, or null when it is not finite.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes a float rounded to <paramref name="digits"/> decimals (feeds do not need 9 digits of noise),
    /// or null when it is not finite.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, digits));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes the stamp fields every feed carries: <c>t</c> (ns since the Unix epoch) and <c>seq</c>.</summary>
    public static void Stamp(Utf8JsonWriter json, RovDsp.Dsp.Pipelines.MessageStamp stamp)
    {
        json.WriteNumber("t", stamp.TimestampNs);
        json.WriteNumber("seq", stamp.Sequence);
    }
}
