using RovDsp.Replay.Mcap;

namespace RovDsp.Fuzz.Seeds;

/// <summary>The first few messages of each topic of a shipped recording (recordings/*.mcap), as real payloads for
/// the seeds: what the simulator's encoders wrote, not what this program makes up.</summary>
internal sealed class RecordingSlice
{
    private RecordingSlice(McapSummary summary, List<(McapChannel Channel, McapMessage Message)> messages)
    {
        Summary = summary;
        Messages = messages;
    }

    public McapSummary Summary { get; }

    public IReadOnlyList<(McapChannel Channel, McapMessage Message)> Messages { get; }

    /// <summary>Takes up to <paramref name="perTopic"/> messages of at most <paramref name="maxBytes"/> from each topic.</summary>
    public static RecordingSlice Read(string path, int perTopic, int maxBytes)
    {
        using var reader = McapReader.Open(path);
        var summary = reader.ReadSummary();
        var taken = new Dictionary<ushort, int>();
        var messages = new List<(McapChannel, McapMessage)>();
        foreach (var message in reader.ReadMessages())
        {
            if (message.Data.Length <= maxBytes && taken.GetValueOrDefault(message.ChannelId) < perTopic)
            {
                taken[message.ChannelId] = taken.GetValueOrDefault(message.ChannelId) + 1;
                messages.Add((summary.Channels[message.ChannelId], message with { Data = message.Data.ToArray(), Lease = null }));
            }

            message.Release();
            if (taken.Count == summary.Channels.Count && taken.Values.All(n => n >= perTopic))
            {
                break;
            }
        }

        return new RecordingSlice(summary, messages);
    }

    /// <summary>The payload of the first message whose topic contains <paramref name="topicPart"/>, if any.</summary>
    public byte[]? First(string topicPart) =>
        Messages.FirstOrDefault(m => m.Channel.Topic.Contains(topicPart, StringComparison.Ordinal)).Message?.Data.ToArray();
}
