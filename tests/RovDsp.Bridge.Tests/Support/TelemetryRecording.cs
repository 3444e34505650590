using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// Records what a test saw of the bridge's JSON topics (status with its device links, metrics with their counters,
/// fleet status, errors) with the product's <see cref="LiveRecorder"/>, as <c>rovdsp-replay record</c> would, into the
/// test's folder: the Foxglove audit of scripts/test.sh (McapAudit) then checks each message against its schema
/// (TelemetrySchemas), so every shape the bridge publishes in a test (a lost Modbus link, an Oculus being discovered, a
/// shard's fleet status) is held to the schema a viewer reads it by.
/// </summary>
public static class TelemetryRecording
{
    /// <summary>Writes <paramref name="messages"/> (topic, JSON payload) into an MCAP file in a folder of its own,
    /// deleted again once the file is closed (the audit has its digest by then).</summary>
    public static void Write(IEnumerable<(string Topic, byte[] Payload)> messages)
    {
        var dir = Directory.CreateTempSubdirectory("rovdsp-telemetry-").FullName;
        try
        {
            using var file = new FileStream(Path.Combine(dir, "telemetry.mcap"), FileMode.Create, FileAccess.Write, FileShare.Read);
            using var recorder = new LiveRecorder(file, new McapWriterOptions());
            var t = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            foreach (var (topic, payload) in messages)
            {
                recorder.Write(topic, payload, "application/json", t++);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
