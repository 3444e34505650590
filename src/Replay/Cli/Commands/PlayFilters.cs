using System.Globalization;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Playback;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// <c>play</c>'s filters checked against the recording before anything connects: a <c>--topic</c> that matches no
/// raw topic, or a <c>--from</c> past the recording's end, would publish nothing; the error names the filter and what
/// the file does hold.
/// </summary>
internal static class PlayFilters
{
    /// <summary>Null when the player has something to play, else why not, naming the file's raw topics or its length.</summary>
    public static string? NothingToPlay(string path, RecordingPlayer player, PlaybackOptions playback)
    {
        if (player.Topics.Count == 0)
        {
            using var reader = McapReader.Open(path);
            var raw = reader.ReadSummary().Channels.Values.Select(c => c.Topic)
                .Where(t => t.Contains("/raw/", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
            return raw.Count == 0
                ? $"{path} holds no raw sensor topics (rov/VEHICLE/raw/...): nothing to play."
                : $"--topic {string.Join(" --topic ", playback.TopicFilters)}: no raw topic of {path} matches; it holds {string.Join(", ", raw)}.";
        }

        var lengthS = (player.EndTime - player.StartTime) / 1e9;
        return playback.FromSeconds is { } from && from > lengthS
            ? string.Create(CultureInfo.InvariantCulture,
                $"--from {from:0.###}: {path} lasts {lengthS:0.0} s (from its first message), so nothing is left to play; choose --from below {lengthS:0.0}.")
            : null;
    }
}
