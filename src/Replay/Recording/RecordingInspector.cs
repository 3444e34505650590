using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Recording;

/// <summary>Reads a recording front to back in recover mode (so cut-off and damaged files are described as far as
/// they go) and tallies channels, schemas, message counts, times, gaps and chunk compression.</summary>
public static class RecordingInspector
{
    /// <summary>Describes the recording at <paramref name="path"/>.</summary>
    /// <param name="path">An MCAP file.</param>
    /// <exception cref="McapFormatException">The file is not MCAP at all (bad magic).</exception>
    public static RecordingInfo Inspect(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Inspect(file);
    }

    /// <summary>Describes the recording in <paramref name="stream"/> (read from its current position).</summary>
    /// <param name="stream">An MCAP stream.</param>
    /// <exception cref="McapFormatException">The stream is not MCAP at all (bad magic).</exception>
    public static RecordingInfo Inspect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new McapStreamReader(stream, recover: true);
        var schemas = new Dictionary<ushort, McapSchema>();
        var channels = new SortedDictionary<ushort, McapChannel>();
        var tallies = new Dictionary<ushort, Tally>();
        var compression = new List<string>();
        var metadata = new List<KeyValuePair<string, IReadOnlyDictionary<string, string>>>();
        var profile = string.Empty;
        var library = string.Empty;
        long messages = 0, compressed = 0, uncompressed = 0;
        var chunks = 0;
        ulong first = ulong.MaxValue, last = 0;
        foreach (var record in reader.ReadRecords())
        {
            switch (record)
            {
                case McapHeader header:
                    profile = header.Profile;
                    library = header.Library;
                    break;
                case McapSchema schema:
                    schemas[schema.Id] = schema;
                    break;
                case McapChannel channel:
                    channels[channel.Id] = channel;
                    break;
                case McapMetadata meta:
                    metadata.Add(new(meta.Name, meta.Values));
                    break;
                case McapChunk chunk:
                    chunks++;
                    compressed += (long)chunk.CompressedSize;
                    uncompressed += (long)chunk.UncompressedSize;
                    var name = chunk.Compression.Length == 0 ? "none" : chunk.Compression;
                    if (!compression.Contains(name))
                    {
                        compression.Add(name);
                    }
                    break;
                case McapMessage message:
                    messages++;
                    first = Math.Min(first, message.LogTime);
                    last = Math.Max(last, message.LogTime);
                    if (!tallies.TryGetValue(message.ChannelId, out var tally))
                    {
                        tally = new Tally();
                        tallies[message.ChannelId] = tally;
                    }
                    tally.Add(message.LogTime, message.Data.Length);
                    break;
            }
        }

        var list = new List<RecordingChannelInfo>(channels.Count);
        foreach (var (id, channel) in channels)
        {
            schemas.TryGetValue(channel.SchemaId, out var schema);
            tallies.TryGetValue(id, out var t);
            t ??= new Tally();
            list.Add(new RecordingChannelInfo(id, channel.Topic, channel.MessageEncoding, schema?.Name ?? string.Empty,
                schema?.Encoding ?? string.Empty, t.Count, t.Bytes, t.Count == 0 ? 0 : t.First, t.Last, t.LargestGap()));
        }
        var damage = new List<string>();
        foreach (var dropped in reader.DroppedChunks)
        {
            damage.Add("skipped chunk: " + dropped.Message);
        }
        if (reader.Damage is { } d)
        {
            damage.Add($"stopped at byte {reader.ValidLength}: {d.Message}");
        }
        else if (!reader.ReachedEnd)
        {
            damage.Add($"ends without a footer after byte {reader.ValidLength}");
        }
        var length = stream.CanSeek ? stream.Length : reader.ValidLength;
        return new RecordingInfo(length, profile, library, list, messages, messages == 0 ? 0 : first, last, chunks,
            compression, compressed, uncompressed, metadata, reader.ReachedEnd && damage.Count == 0, damage);
    }

    private sealed class Tally
    {
        private readonly List<ulong> _times = [];

        public long Count => _times.Count;

        public long Bytes { get; private set; }

        public ulong First { get; private set; } = ulong.MaxValue;

        public ulong Last { get; private set; }

        public void Add(ulong time, int bytes)
        {
            _times.Add(time);
            Bytes += bytes;
            First = Math.Min(First, time);
            Last = Math.Max(Last, time);
        }

        // Messages may be out of log-time order across chunks, so the gaps are taken after sorting.
        public ulong LargestGap()
        {
            _times.Sort();
            ulong gap = 0;
            for (var i = 1; i < _times.Count; i++)
            {
                gap = Math.Max(gap, _times[i] - _times[i - 1]);
            }
            return gap;
        }
    }
}
