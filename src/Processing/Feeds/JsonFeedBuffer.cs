using System.Buffers;
using System.Text.Json;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// A reusable buffer and JSON writer for one feed: <see cref="Begin"/> rewinds both, so writing a feed message
/// allocates nothing once the buffer has grown to the message's size. Numbers are written with invariant
/// formatting by <see cref="Utf8JsonWriter"/>; a non-finite value is left out (JSON has no NaN, and a null would make
/// the field a type union, which Foxglove's JSON-schema parser refuses: docs/topics.md).
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

    /// <summary>Writes a number; leaves the field out when it is not finite.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
    }

    /// <summary>Writes a float rounded to <paramref name="digits"/> decimals (feeds do not need 9 digits of noise),
    /// leaving the field out when it is not finite.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value, int digits)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, digits));
        }
    }

    /// <summary>Writes the stamp fields every feed carries: <c>t</c> (Foxglove's time <c>{sec, nsec}</c> since the Unix
    /// epoch) and <c>seq</c>.</summary>
    public static void Stamp(Utf8JsonWriter json, RovDsp.Dsp.Pipelines.MessageStamp stamp)
    {
        Time(json, "t", stamp.TimestampNs);
        json.WriteNumber("seq", stamp.Sequence);
    }

    /// <summary>Writes a UTC clock time as Foxglove's <c>{sec, nsec}</c> (to the clock's 100 ns).</summary>
    public static void Time(Utf8JsonWriter json, string name, DateTime utc) =>
        Time(json, name, (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100);

    /// <summary>Writes a time as Foxglove's <c>{sec, nsec}</c>: nanoseconds since the epoch (about 1.8e18) are above
    /// 2^53, which every JavaScript reader rounds. Floor division, so nsec is in [0, 1e9) before the epoch too.</summary>
    public static void Time(Utf8JsonWriter json, string name, long ns)
    {
        ArgumentNullException.ThrowIfNull(json);
        var sec = Math.DivRem(ns, 1_000_000_000L, out var nsec);
        if (nsec < 0)
        {
            sec--;
            nsec += 1_000_000_000L;
        }

        json.WriteStartObject(name);
        json.WriteNumber("sec", sec);
        json.WriteNumber("nsec", nsec);
        json.WriteEndObject();
    }
}
