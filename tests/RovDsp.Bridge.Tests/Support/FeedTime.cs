using System.Text.Json;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>Reads a feed's Foxglove time <c>{"sec":S,"nsec":N}</c> (docs/topics.md) as nanoseconds since the epoch.</summary>
internal static class FeedTime
{
    /// <summary>The time field <paramref name="name"/> of <paramref name="feed"/>, ns.</summary>
    public static long Ns(JsonElement feed, string name = "t")
    {
        var t = feed.GetProperty(name);
        return t.GetProperty("sec").GetInt64() * 1_000_000_000L + t.GetProperty("nsec").GetInt64();
    }
}
