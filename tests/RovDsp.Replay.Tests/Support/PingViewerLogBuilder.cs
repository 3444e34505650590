using System.Buffers.Binary;
using System.Text;

namespace RovDsp.Replay.Tests.Support;

/// <summary>Writes a Ping Viewer sensor log as ping-viewer's filelink.cpp does: a big-endian QDataStream with the
/// LogSensorStruct header (QString magic, uint version, five QStrings, int family, int type), then per record a
/// QString "hh:mm:ss.zzz" and a QByteArray of link bytes. QStrings are a u32 byte length and UTF-16BE.</summary>
internal static class PingViewerLogBuilder
{
    public static byte[] Build(int sensorType, IEnumerable<(string Time, byte[] Chunk)> records)
    {
        using var stream = new MemoryStream();
        WriteString(stream, "PingViewer sensor log file");
        WriteU32(stream, 1);
        foreach (var s in new[] { "hash", "date", "tag", "linux", "6" })
        {
            WriteString(stream, s);
        }
        WriteU32(stream, 1);
        WriteU32(stream, (uint)sensorType);
        foreach (var (time, chunk) in records)
        {
            WriteString(stream, time);
            WriteU32(stream, (uint)chunk.Length);
            stream.Write(chunk);
        }
        return stream.ToArray();
    }

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Encoding.BigEndianUnicode.GetBytes(text);
        WriteU32(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteU32(Stream stream, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        stream.Write(b);
    }
}
