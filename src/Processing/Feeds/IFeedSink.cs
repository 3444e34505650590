namespace RovDsp.Processing.Feeds;

/// <summary>Where a sensor handler publishes its processed feeds (the bridge's MQTT link, or a recorder).</summary>
public interface IFeedSink
{
    /// <summary>Publishes one feed message. The payload may be reused by the caller once the task completes.</summary>
    /// <param name="topic">Feed topic.</param>
    /// <param name="payload">Payload bytes.</param>
    /// <param name="contentType">MIME type: application/json, image/png or a documented binary type.</param>
    /// <param name="expirySeconds">MQTT 5 message expiry (a feed older than this is worthless); 0 for none.</param>
    /// <param name="retain">Whether the broker keeps it for late subscribers.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
        CancellationToken cancellationToken);
}
