using RovDsp.Processing.Feeds;

namespace RovDsp.Replay.Processing;

/// <summary>
/// One handler's feed sink and alarm recorder while <see cref="DiveProcessor"/> runs it: everything the handler
/// publishes or tells the alarm hub goes into the <see cref="MessageSlot"/> of the message being handled, to be
/// applied in file order. Each handler runs on one thread only, so <see cref="Slot"/> needs no lock.
/// </summary>
internal sealed class SlotFeedSink : IFeedSink
{
    /// <summary>The slot of the message being handled.</summary>
    public MessageSlot? Slot { get; set; }

    /// <inheritdoc/>
    public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
        CancellationToken cancellationToken)
    {
        Slot!.Publish(topic, payload.Span, contentType, expirySeconds, retain);
        return ValueTask.CompletedTask;
    }

    /// <summary>What the handler's <see cref="AlarmReportRecorder"/> records into.</summary>
    public void Alarm(AlarmReport report) => Slot!.Alarm(report);
}
