namespace RovDsp.Replay.Mcap;

/// <summary>
/// Rewrites a damaged MCAP file (cut off mid-write, no footer or summary, a corrupt chunk) as a valid, indexed file:
/// reads the input front to back in recover mode (<see cref="McapStreamReader"/>), keeps every Schema, Channel,
/// Message, Metadata and Attachment of the readable records, and writes them again with fresh chunks, message
/// indexes, summary and CRCs. Reports how many messages were recovered and what was dropped.
/// </summary>
public static class McapRepair
{
    /// <summary>Repairs the file at <paramref name="inputPath"/> into <paramref name="outputPath"/>. The repaired file is
    /// written to a temporary file beside the output and renamed over it only when complete, so a failure (a full disk)
    /// leaves no empty or half-written output behind: the temporary file is deleted and the exception propagates.</summary>
    public static McapRepairResult Repair(string inputPath, string outputPath, McapWriterOptions? options = null) =>
        Repair(inputPath, outputPath, options, path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16));

    /// <summary><see cref="Repair(string, string, McapWriterOptions?)"/> with the temporary output opened by
    /// <paramref name="openOutput"/> (tests pass a stream that fails as a full disk would).</summary>
    internal static McapRepairResult Repair(string inputPath, string outputPath, McapWriterOptions? options, Func<string, Stream> openOutput)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(openOutput);
        var full = Path.GetFullPath(outputPath);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        using var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            McapRepairResult result;
            using (var output = openOutput(temporary))
            {
                result = Repair(input, output, options);
                output.Flush();
            }

            File.Move(temporary, full, overwrite: true);
            return result;
        }
        catch
        {
            // Whatever failed (a full disk while writing or closing), nothing partial is left under any name.
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure being reported matters more.
        }
    }

    /// <summary>
    /// Repairs the MCAP file in <paramref name="input"/> (read from its current position) into <paramref name="output"/>
    /// (left open). The Header's profile is kept; the library string says the file was repaired. Throws
    /// <see cref="McapFormatException"/> only when there is nothing to recover: the input does not start with the MCAP
    /// magic, or no record is readable before the damage (or before a Data End).
    /// </summary>
    /// <param name="input">The damaged file.</param>
    /// <param name="output">Where the repaired file is written.</param>
    /// <param name="options">Writer settings for the repaired file (chunking, compression); defaults when null.</param>
    public static McapRepairResult Repair(Stream input, Stream output, McapWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new McapWriterOptions();
        long inputLength = input.CanSeek ? input.Length - input.Position : -1;
        var reader = new McapStreamReader(input, new McapReaderOptions(), recover: true);
        var dropped = new List<string>();
        McapWriter? writer = null;
        long messages = 0, messagesDropped = 0;
        int chunks = 0, schemas = 0, channels = 0, metadata = 0, attachments = 0;
        try
        {
            foreach (McapRecord record in reader.ReadRecords())
            {
                if (record is McapDataEnd)
                {
                    // What follows is the summary: rebuilt by the writer.
                    break;
                }
                if (record is McapHeader header)
                {
                    writer ??= new McapWriter(output, options with
                    {
                        Profile = header.Profile,
                        Library = (header.Library + " (repaired by RovDsp.Replay.Mcap)").Trim(),
                    }, leaveOpen: true);
                    continue;
                }
                writer ??= new McapWriter(output, options, leaveOpen: true);
                switch (record)
                {
                    case McapChunk:
                        chunks++;
                        break;
                    case McapSchema schema:
                        if (schema.Id == 0)
                        {
                            dropped.Add("a Schema with the invalid id 0");
                        }
                        else if (Try(() => writer.WriteSchema(schema), dropped, $"Schema {schema.Id}"))
                        {
                            schemas++;
                        }
                        break;
                    case McapChannel channel:
                        if (Try(() => writer.WriteChannel(channel), dropped, $"Channel {channel.Id} ({channel.Topic})"))
                        {
                            channels++;
                        }
                        break;
                    case McapMessage message:
                        try
                        {
                            writer.WriteMessage(message.ChannelId, message.Sequence, message.LogTime, message.PublishTime, message.Data.Span);
                            messages++;
                        }
                        catch (ArgumentException)
                        {
                            messagesDropped++;
                        }
                        break;
                    case McapMetadata meta:
                        writer.WriteMetadata(meta.Name, meta.Values);
                        metadata++;
                        break;
                    case McapAttachment attachment:
                        writer.WriteAttachment(attachment.Name, attachment.MediaType, attachment.LogTime, attachment.CreateTime, attachment.Data.Span);
                        attachments++;
                        break;
                    default:
                        // Message indexes and summary-type records are rebuilt by the writer.
                        break;
                }
            }
            if (writer is null)
            {
                throw reader.Damage ?? new McapFormatException("the input holds no MCAP records");
            }
            foreach (McapFormatException chunk in reader.DroppedChunks)
            {
                dropped.Add("chunk dropped: " + chunk.Message);
            }
            if (messagesDropped > 0)
            {
                dropped.Add($"{messagesDropped} messages on channels never defined (or defined inconsistently)");
            }
            if (reader.Damage is not null)
            {
                long lost = inputLength >= 0 ? inputLength - reader.ValidLength : -1;
                dropped.Add($"input unreadable from byte {reader.ValidLength}" + (lost >= 0 ? $" ({lost} bytes dropped)" : string.Empty)
                    + ": " + reader.Damage.Message);
            }
            writer.Close();
        }
        finally
        {
            writer?.Dispose();
        }
        return new McapRepairResult(inputLength, reader.ValidLength, messages, chunks, schemas, channels, metadata, attachments,
            messagesDropped, dropped, reader.ReachedEnd || reader.Damage is null);
    }

    private static bool Try(Action write, List<string> dropped, string what)
    {
        try
        {
            write();
            return true;
        }
        catch (ArgumentException e)
        {
            dropped.Add($"{what} dropped: {e.Message}");
            return false;
        }
    }
}
