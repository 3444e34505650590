using RovDsp.Processing.Topics;

namespace RovDsp.Replay.Processing;

/// <summary>What a <see cref="DiveProcessor"/> run produced.</summary>
/// <param name="Sink">The feed sink: feed tables and latest images.</param>
/// <param name="Truth">Tables of the recording's <c>truth/*</c> channels, in order of first message.</param>
/// <param name="RawMessages">Raw sensor messages handed to a handler.</param>
/// <param name="SkippedMessages">Messages on topics with no handler and no truth (counted, copied nowhere).</param>
/// <param name="HandlerErrors">Errors the handlers reported (refused input), by reason.</param>
/// <param name="StartNs">Log time of the first message, ns.</param>
/// <param name="EndNs">Log time of the last message, ns.</param>
/// <param name="Elapsed">Wall time the run took.</param>
public sealed record DiveProcessResult(
    McapFeedSink Sink, IReadOnlyList<FeedTable> Truth, long RawMessages, long SkippedMessages,
    IReadOnlyDictionary<string, long> HandlerErrors, long StartNs, long EndNs, TimeSpan Elapsed)
{
    /// <summary>The raw sensors the recording held, by sensor id, with their kind (which feeds are whose).</summary>
    public IReadOnlyDictionary<string, RawKind> Sensors { get; init; } = new Dictionary<string, RawKind>();

    /// <summary>Recorded duration (first to last message), seconds.</summary>
    public double DurationSeconds => (EndNs - StartNs) / 1e9;

    /// <summary>Real-time factor: recorded duration over processing wall time.</summary>
    public double RealTimeFactor => Elapsed.TotalSeconds > 0 ? DurationSeconds / Elapsed.TotalSeconds : double.PositiveInfinity;

    /// <summary>The truth table of <paramref name="topic"/>; null when the recording has none.</summary>
    public FeedTable? TruthTable(string topic)
    {
        foreach (var table in Truth)
        {
            if (table.Topic == topic)
            {
                return table;
            }
        }

        return null;
    }
}
