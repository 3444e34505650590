using System.Text;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Tests.Feeds;

/// <summary>
/// A recording imported without a start time (an Oculus stream holds no date) begins at exactly 0 ns, the alarm
/// engine's "never updated". The hub must take such a message as fresh (issue 19: all three "stale" alarms were raised
/// at t = 0 on three imported Oculus pings), and must still raise a stale alarm when a feed really is missing.
/// </summary>
public sealed class AlarmHubEpochTests
{
    [Fact]
    public async Task Pings_from_time_zero_raise_nothing_and_a_missing_altimeter_is_still_stale_after_its_ceiling()
    {
        var sink = new EventSink();
        var hub = new AlarmHub(new TopicScheme("rov1")) { Sink = sink };

        // Three imaging-sonar frames 0.1 s apart from 1970-01-01T00:00:00Z, no obstacle.
        for (var i = 0; i < 3; i++)
        {
            await hub.ObstacleAsync(i * 100_000_000L, AlarmFeed.MultibeamSonar, float.NaN, CancellationToken.None);
        }

        Assert.Empty(sink.Events);

        // The sonar keeps going with no altimeter: "Altimeter stale" is raised once the altimeter, never heard, is older
        // than its rule's 10 s ceiling (AlarmRule.Defaults: an unknown rate waits for the ceiling) plus at most its 2 s
        // dwell; not at 0, and the imaging sonar itself never goes stale.
        long t = 300_000_000L;
        for (; t <= 15_000_000_000L; t += 100_000_000L)
        {
            await hub.ObstacleAsync(t, AlarmFeed.MultibeamSonar, float.NaN, CancellationToken.None);
            if (sink.Events.Count > 0)
            {
                break;
            }
        }

        var raised = Assert.Single(sink.Events);
        Assert.Contains("Altimeter stale", raised, StringComparison.Ordinal);
        Assert.DoesNotContain("Imaging sonar stale", raised, StringComparison.Ordinal);
        Assert.InRange(t, 10_100_000_000L, 12_100_000_000L);
    }

    /// <summary>Keeps the payloads published on the alarm events topic.</summary>
    private sealed class EventSink : IFeedSink
    {
        public List<string> Events { get; } = [];

        public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
            CancellationToken cancellationToken)
        {
            if (topic.EndsWith("/alarms/events", StringComparison.Ordinal))
            {
                Events.Add(Encoding.UTF8.GetString(payload.Span));
            }

            return ValueTask.CompletedTask;
        }
    }
}
