using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Recording;

/// <summary>Converts other tools' recordings to MCAP on the raw topics (RECORDING CONVENTIONS): XTF side-scan pings
/// become <see cref="SideScanLine"/> wire messages stamped with the XTF ping times; Oculus SimplePingResult messages
/// become <see cref="MultibeamFrame"/> wire messages; Ping Viewer log frames are kept as Ping protocol frames.</summary>
public static class RecordingImporter
{
    /// <summary>Guesses the format from the first bytes, then the file extension.</summary>
    /// <param name="path">File name (for the extension).</param>
    /// <param name="head">The file's first bytes (at least 32 when the file is that long).</param>
    /// <returns>The format, or null when neither the bytes nor the extension say.</returns>
    public static ImportFormat? Detect(string path, ReadOnlySpan<byte> head)
    {
        // Ping Viewer writes its magic as a Qt QString (UTF-16BE after a 4-byte length); its Python examples write
        // UTF-8. The first ten characters are enough to tell.
        var prefix = PingViewerLogReader.Magic[..10];
        if (head.IndexOf(Encoding.BigEndianUnicode.GetBytes(prefix)) is >= 0 and < 8
            || head.IndexOf(Encoding.UTF8.GetBytes(prefix)) is >= 0 and < 8)
        {
            return ImportFormat.PingViewer;
        }
        if (head.Length >= 2 && (head[0] | (head[1] << 8)) == OculusMessageHeader.Magic)
        {
            return ImportFormat.Oculus;
        }
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xtf" => ImportFormat.Xtf,
            ".raw" or ".oculus" => ImportFormat.Oculus,
            ".bin" => ImportFormat.PingViewer,
            _ => null,
        };
    }

    /// <summary>Imports <paramref name="data"/> (the whole input file) into <paramref name="output"/>.</summary>
    /// <param name="format">The input's format.</param>
    /// <param name="data">The input's bytes.</param>
    /// <param name="sourceName">The input's file name, written into the import metadata.</param>
    /// <param name="output">Where the MCAP goes (left open).</param>
    /// <param name="options">Topic and timing settings (defaults when null).</param>
    /// <exception cref="XtfFormatException">The XTF input is malformed.</exception>
    /// <exception cref="OculusFormatException">The Oculus input is malformed.</exception>
    /// <exception cref="PingViewerLogFormatException">The Ping Viewer log is malformed.</exception>
    public static ImportResult Import(ImportFormat format, ReadOnlyMemory<byte> data, string sourceName, Stream output, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = options ?? new ImportOptions();
        if (o.OculusPingRateHz is not > 0 || double.IsInfinity(o.OculusPingRateHz))
        {
            throw new ArgumentException("OculusPingRateHz must be positive and finite.", nameof(options));
        }
        using var writer = new McapWriter(output, new McapWriterOptions { Compression = o.Compression }, leaveOpen: true);
        writer.WriteMetadata(RecordingTopics.ImportMetadata, new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = format.ToString(),
            ["source"] = Path.GetFileName(sourceName),
            ["tool"] = DiveRecorder.ToolVersion,
        });
        var result = format switch
        {
            ImportFormat.Xtf => ImportXtf(data, writer, o),
            ImportFormat.Oculus => ImportOculus(data, writer, o),
            ImportFormat.PingViewer => ImportPingViewer(data, sourceName, writer, o),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
        };
        writer.Close();
        return result;
    }

    private static ushort WireChannel(McapWriter writer, ImportOptions o, string kind, string sensor, string messageType, out string topic)
    {
        var schema = writer.RegisterSchema(RecordingTopics.WireSchemaName(messageType), RecordingTopics.WireSchemaEncoding,
            RecordingTopics.WireSchemaData(messageType));
        topic = RecordingTopics.Raw(o.Vehicle, kind, sensor);
        return writer.RegisterChannel(schema, topic, RecordingTopics.WireEncoding);
    }

    private static ImportResult ImportXtf(ReadOnlyMemory<byte> data, McapWriter writer, ImportOptions o)
    {
        // A file cut off mid-packet (still being written, or copied short) imports up to its last whole packet; the cut
        // packet is counted, not a reason to refuse the rest.
        var whole = WholePacketsLength(data, out var truncated);
        var contents = new XtfReader(data[..whole]).ReadAll();
        var channel = WireChannel(writer, o, "sidescan", o.Sensor ?? RecordingTopics.SideScanSensor, "SideScanLine", out var topic);
        var capacity = 1;
        foreach (var ping in contents.Pings)
        {
            capacity = Math.Max(capacity, ping.PortSamples.Length);
        }
        var line = new SideScanLine(capacity);
        var buffer = Array.Empty<byte>();
        long written = 0, skipped = 0, first = 0, last = 0;
        uint sequence = 0;
        foreach (var ping in contents.Pings)
        {
            if (!XtfSideScan.TryFill(ping, line, o.XtfPortFarFirst, useRecordedAltitude: true))
            {
                skipped++;
                continue;
            }
            var length = SideScanLineCodec.GetEncodedLength(line);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }
            var n = SideScanLineCodec.Encode(line, buffer);
            var t = line.Stamp.TimestampNs;
            writer.WriteMessage(channel, sequence++, (ulong)t, (ulong)t, buffer.AsSpan(0, n));
            first = written == 0 ? t : first;
            last = t;
            written++;
        }
        return new ImportResult(ImportFormat.Xtf, topic, written, skipped, first, last)
        {
            TruncatedRecords = truncated ? 1 : 0,
            StartTimeSource = "the XTF ping times",
        };
    }

    private static ImportResult ImportOculus(ReadOnlyMemory<byte> data, McapWriter writer, ImportOptions o)
    {
        var split = OculusStreamSplitter.Split(data);
        var channel = WireChannel(writer, o, "multibeam", o.Sensor ?? RecordingTopics.MultibeamSensor, "MultibeamFrame", out var topic);
        var frame = new MultibeamFrame();
        var buffer = Array.Empty<byte>();
        long written = 0, skipped = 0, first = 0, last = 0;
        foreach (var message in split.Messages)
        {
            if (message.Header.MessageId != OculusMessageHeader.SimplePingResultId)
            {
                skipped++;
                continue;
            }
            var ping = OculusSimplePingResult.Parse(message.Bytes.Span, message.Offset);
            var t = (o.StartTimeNs ?? 0) + (long)Math.Round(written * 1e9 / o.OculusPingRateHz);
            OculusFrameAdapter.Fill(ping, frame, new MessageStamp(t, (uint)written));
            var length = MultibeamFrameCodec.GetEncodedLength(frame);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }
            var n = MultibeamFrameCodec.Encode(frame, buffer);
            writer.WriteMessage(channel, (uint)written, (ulong)t, (ulong)t, buffer.AsSpan(0, n));
            first = written == 0 ? t : first;
            last = t;
            written++;
        }
        // Bytes left after the last whole message are a message cut off by the end of the file (the splitter keeps only
        // what could still be the start of one).
        return new ImportResult(ImportFormat.Oculus, topic, written, skipped, first, last)
        {
            TruncatedRecords = split.RemainderOffset < data.Length ? 1 : 0,
            StartTimeSource = o.StartTimeNs is null ? null : "--start",
        };
    }

    private static ImportResult ImportPingViewer(ReadOnlyMemory<byte> data, string sourceName, McapWriter writer, ImportOptions o)
    {
        var log = new PingViewerLogReader(data);
        var (startNs, source) = o.StartTimeNs is { } given ? (given, "--start")
            : PingViewerFileNameStart(sourceName) is { } named ? (named, $"the log's file name {Path.GetFileName(sourceName)} (Ping Viewer's local time, taken as UTC)")
            : (0L, (string?)null);
        var sensor = o.Sensor ?? (PingDeviceType)log.Header.SensorType switch
        {
            PingDeviceType.Ping1D => "ping1d",
            PingDeviceType.Ping360 => "ping360",
            _ => "ping" + log.Header.SensorType.ToString(CultureInfo.InvariantCulture),
        };
        var topic = RecordingTopics.Raw(o.Vehicle, "ping", sensor);
        var channel = writer.RegisterChannel(0, topic, RecordingTopics.PingEncoding);
        var buffer = Array.Empty<byte>();
        long written = 0, skipped = 0, first = 0, last = 0;
        foreach (var message in log.Messages())
        {
            if (message.Timestamp is not { } time)
            {
                skipped++;
                continue;
            }
            var length = message.Payload.Length + 10;
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }
            var n = PingFrameWriter.Write(buffer, message.MessageId, message.SourceId, message.DestinationId, message.Payload);
            var t = startNs + time.Ticks * 100L;
            writer.WriteMessage(channel, (uint)written, (ulong)t, (ulong)t, buffer.AsSpan(0, n));
            first = written == 0 ? t : first;
            last = t;
            written++;
        }
        return new ImportResult(ImportFormat.PingViewer, topic, written, skipped, first, last)
        {
            TruncatedRecords = log.Truncated ? 1 : 0,
            StartTimeSource = source,
        };
    }

    /// <summary>The start a Ping Viewer log's file name gives: Ping Viewer names each log after the local date and time
    /// it began, <c>yyyyMMdd-HHmmssfff.bin</c> (its user-files documentation: "YMD-hmsl"). Null for any other name.</summary>
    /// <param name="sourceName">The log's path or file name.</param>
    public static long? PingViewerFileNameStart(string sourceName)
    {
        var stem = Path.GetFileNameWithoutExtension(sourceName);
        return stem.Length >= 18 && DateTime.TryParseExact(stem.AsSpan(0, 18), "yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? (start - DateTime.UnixEpoch).Ticks * 100L
            : null;
    }

    // The length of the XTF data's whole packets; truncated is set when a packet with the right magic runs past the end.
    private static int WholePacketsLength(ReadOnlyMemory<byte> data, out bool truncated)
    {
        truncated = false;
        var reader = new XtfReader(data);
        long end = reader.FileHeader.HeaderSize;
        using var packets = reader.Packets().GetEnumerator();
        while (true)
        {
            try
            {
                if (!packets.MoveNext())
                {
                    break;
                }
            }
            catch (XtfFormatException) when (IsCutPacket(data.Span[(int)end..]))
            {
                truncated = true;
                break;
            }

            end = packets.Current.Header.Offset + packets.Current.Header.NumBytesThisRecord;
        }

        return (int)end;
    }

    private static bool IsCutPacket(ReadOnlySpan<byte> rest) =>
        rest.Length < 2 ? rest.Length == 1 && rest[0] == (XtfPacketHeader.Magic & 0xFF)
            : BinaryPrimitives.ReadUInt16LittleEndian(rest) == XtfPacketHeader.Magic
              && (rest.Length < XtfPacketHeader.Size || BinaryPrimitives.ReadUInt32LittleEndian(rest[10..]) > (uint)rest.Length);
}
