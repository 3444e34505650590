namespace RovDsp.Bridge.Workers;

/// <summary>What a <see cref="SensorWorker"/> runs for each raw message of its sensor, in arrival order, on the
/// sensor's own worker: decode, run the pipeline, publish the feeds.</summary>
public interface ISensorHandler
{
    /// <summary>Handles one raw payload. <paramref name="receivedTimestamp"/> is the
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the MQTT receive handler saw it.</summary>
    ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken);
}
