namespace RovDsp.Processing.Feeds;

/// <summary>What the bridge's per-sensor worker (<c>RovDsp.Bridge.Workers.SensorWorker</c>), or offline processing,
/// runs for each raw message of its sensor, in arrival order, one at a time: decode, run the pipeline, publish the
/// feeds.</summary>
public interface ISensorHandler
{
    /// <summary>Handles one raw payload. <paramref name="receivedTimestamp"/> is the
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the message was received (by the MQTT receive handler, live).</summary>
    ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken);
}
