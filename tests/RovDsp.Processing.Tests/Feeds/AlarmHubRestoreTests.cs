using System.Text;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Tests.Feeds;

/// <summary>Alarm states restored after a restart (<see cref="AlarmHub.Restore"/>): taken up at the first message when it
/// is of the checkpoint's day, with their ISA-18.2 acknowledgement state, published at once, and then cleared by their
/// rules as any alarm; dropped when the first message is of another day.</summary>
public class AlarmHubRestoreTests
{
    private const long Second = 1_000_000_000L;
    private const long T0 = 1_799_971_200L * Second;
    private const long DayStart = T0 - 9 * 3600 * Second, DayEnd = DayStart + 86_400 * Second;

    private sealed class Capture : IFeedSink
    {
        public List<(string Topic, string Json)> Messages { get; } = [];

        public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
            CancellationToken cancellationToken)
        {
            Messages.Add((topic, Encoding.UTF8.GetString(payload.Span)));
            return ValueTask.CompletedTask;
        }
    }

    private static readonly SavedAlarm[] Saved =
    [
        new("Sensor fault", AlarmState.AcknowledgedActive, T0 - 30 * Second),
        new("Altimeter stale", AlarmState.ClearedUnacknowledged, T0 - 60 * Second),
        new("A rule that was removed", AlarmState.UnacknowledgedActive, T0 - 60 * Second),
    ];

    [Fact]
    public async Task Restored_states_keep_their_acknowledgement_are_published_and_clear_by_their_rules()
    {
        var sink = new Capture();
        var hub = new AlarmHub(new TopicScheme("rov1")) { Sink = sink };
        hub.Restore(Saved, DayStart, DayEnd);

        // The sensor is still faulted: a fresh hub would wait its 1 s raise dwell and raise it unacknowledged.
        await hub.SlurryAsync(T0, false, 1, CancellationToken.None);
        Assert.Equal(1, hub.RestoreOutcome);
        Assert.Equal(1, hub.RestoredUnknown);
        Assert.Equal(AlarmState.AcknowledgedActive, hub.StateOf("Sensor fault"));
        Assert.Equal(AlarmState.ClearedUnacknowledged, hub.StateOf("Altimeter stale"));
        var active = Assert.Single(sink.Messages, m => m.Topic == "rov/rov1/alarms/active").Json;
        Assert.Contains("{\"alarm\":\"Sensor fault\",\"severity\":\"info\",\"state\":\"acknowledged\",\"raisedT\":{\"sec\":" + (T0 / Second - 30) + ",\"nsec\":0}}", active, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"cleared-unacknowledged\"", active, StringComparison.Ordinal);

        // The fault goes away: after the rule's 5 s clear dwell an acknowledged alarm is normal.
        await hub.SlurryAsync(T0 + 1 * Second, false, 0, CancellationToken.None);
        await hub.SlurryAsync(T0 + 7 * Second, false, 0, CancellationToken.None);
        Assert.Equal(AlarmState.Normal, hub.StateOf("Sensor fault"));
        Assert.Equal(0, hub.Raised);
    }

    [Fact]
    public async Task States_of_another_day_are_dropped()
    {
        var sink = new Capture();
        var hub = new AlarmHub(new TopicScheme("rov1")) { Sink = sink };
        hub.Restore(Saved, DayStart, DayEnd);
        await hub.SlurryAsync(DayEnd, false, 0, CancellationToken.None);

        Assert.Equal(-1, hub.RestoreOutcome);
        Assert.Equal(AlarmState.Normal, hub.StateOf("Sensor fault"));
        Assert.Equal(AlarmState.Normal, hub.StateOf("Altimeter stale"));
        Assert.Empty(hub.Saved());
    }

    [Fact]
    public async Task A_checkpoint_before_the_first_message_keeps_the_restored_states()
    {
        var hub = new AlarmHub(new TopicScheme("rov1"));
        hub.Restore(Saved, DayStart, DayEnd);
        Assert.Equal(Saved, hub.Saved());
        await hub.SlurryAsync(T0, false, 1, CancellationToken.None);
        Assert.Equal(["Sensor fault", "Altimeter stale"], hub.Saved().Select(a => a.Alarm));
        Assert.Throws<InvalidOperationException>(() => hub.Restore(Saved, DayStart, DayEnd));
    }
}
