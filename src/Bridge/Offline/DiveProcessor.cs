using System.Diagnostics;
using System.Text;
using RovDsp.Bridge.Feeds;
using RovDsp.Bridge.Metrics;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Topics;
using RovDsp.Bridge.Workers;
using RovDsp.Replay.Mcap;

namespace RovDsp.Bridge.Offline;

/// <summary>
/// Runs the sensor pipelines over an MCAP recording without a broker (<c>rovdsp-replay process</c>). Every raw
/// message, in log-time order, goes to the handler <see cref="SensorHandlerFactory"/> makes for its topic — the
/// same handlers the live bridge runs — with a <see cref="McapFeedSink"/> as the feed sink, so the processed
/// MCAP holds exactly what the bridge would have published, stamped with the recording's log times. The alarm
/// hub's events go to the same sink. <c>truth/*</c> channels are copied through unchanged (schemas too) so the
/// output can be viewed against ground truth, and are kept as tables for the accuracy figures.
/// </summary>
/// <remarks>
/// It lives in the bridge library (namespace <c>RovDsp.Bridge.Offline</c>) because it needs the bridge's handlers,
/// and RovDsp.Replay must not reference RovDsp.Bridge (the bridge references Replay for MCAP). Deterministic:
/// messages are handled one at a time in file order, channels are registered in order of first use, the alarm
/// hub evaluates at message time (its wall-clock <c>TickAsync</c> is never called), and no wall time is written.
/// Ping device frames carry no time: their handler is given the recorded log time as its clock. The second core
/// reads ahead (<see cref="MessagePrefetch"/>: chunk decompression, CRC check and record parsing) while this
/// thread runs the handlers; the order of messages is the file's, whatever the scheduling.
/// </remarks>
public sealed class DiveProcessor
{
    private readonly PipelineSettings _settings;
    private readonly TopicScheme _topics;

    /// <summary>Creates a processor for <paramref name="vehicle"/>'s topics with <paramref name="settings"/>
    /// (the defaults when null).</summary>
    public DiveProcessor(PipelineSettings? settings = null, string vehicle = "rov1")
    {
        _settings = settings ?? new PipelineSettings();
        _topics = new TopicScheme(vehicle);
    }

    /// <summary>Processes <paramref name="inputPath"/> into the MCAP file <paramref name="outputPath"/>.</summary>
    /// <param name="inputPath">The recording.</param>
    /// <param name="outputPath">The processed MCAP to write (overwritten).</param>
    /// <param name="progress">Receives the fraction of the recording's time span done (0..1), about every 1 %.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<DiveProcessResult> ProcessAsync(string inputPath, string outputPath, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var clock = Stopwatch.StartNew();
        using var reader = McapReader.Open(inputPath);
        var summary = reader.ReadSummary();
        await using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new McapWriter(output, new McapWriterOptions { Profile = string.Empty, Library = "rovdsp-process" }, leaveOpen: true);
        var sink = new McapFeedSink(writer);
        var alarms = new AlarmHub(_topics) { Sink = sink };
        // The rate limiter's clock only decides which errors are reported individually; counts are exact.
        var errors = new ErrorReporter(10);
        var context = new HandlerContext(_topics, sink, errors, new LatencyRecorder(), new LatencyRecorder(), alarms);
        var factory = new SensorHandlerFactory(_settings, () => sink.CurrentLogTimeNs);

        var routes = new Dictionary<ushort, Route>();
        var truth = new List<FeedTable>();
        var sensors = new SortedDictionary<string, RawKind>(StringComparer.Ordinal);
        var channelIds = new List<ushort>(summary.Channels.Keys);
        channelIds.Sort();
        foreach (var id in channelIds)
        {
            var channel = summary.Channels[id];
            if (_topics.TryParseRaw(channel.Topic, out var kind, out var sensor))
            {
                var handler = factory.Create(kind, sensor, context, out _);
                sensors[sensor] = kind;
                routes.Add(id, handler is null ? default : new Route(handler, 0, null));
            }
            else if (channel.Topic.StartsWith("truth/", StringComparison.Ordinal))
            {
                var table = new FeedTable(channel.Topic);
                truth.Add(table);
                routes.Add(id, new Route(null, CopyChannel(writer, summary, channel), table));
            }
        }

        var start = (long)(summary.Statistics?.MessageStartTime ?? 0);
        var end = (long)(summary.Statistics?.MessageEndTime ?? 0);
        var span = Math.Max(1, end - start);
        var nextReport = 0.0;
        long first = -1, last = 0, raw = 0, skipped = 0;
        progress?.Report(0);
        using var prefetch = new MessagePrefetch(reader.ReadMessages(), cancellationToken);
        while (prefetch.TryTake(out var message))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logTime = (long)message.LogTime;
            if (first < 0)
            {
                first = logTime;
            }

            last = logTime;
            if (!routes.TryGetValue(message.ChannelId, out var route) || (route.Handler is null && route.Truth is null))
            {
                skipped++;
            }
            else if (route.Handler is { } handler)
            {
                sink.CurrentLogTimeNs = logTime;
                raw++;
                await handler.HandleAsync(message.Data, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                writer.WriteMessage(route.OutputChannel, message.Sequence, message.LogTime, message.PublishTime, message.Data.Span);
                route.Truth!.Add(logTime, message.Data.Span);
            }

            if (progress is not null && (double)(logTime - start) / span >= nextReport)
            {
                progress.Report(Math.Clamp((double)(logTime - start) / span, 0, 1));
                nextReport += 0.01;
            }
        }

        foreach (var index in summary.MetadataIndexes)
        {
            var metadata = reader.ReadMetadata(index);
            writer.WriteMetadata(metadata.Name, metadata.Values);
        }

        writer.Close();
        progress?.Report(1);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in errors.Counts)
        {
            counts[reason] = count;
        }

        return new DiveProcessResult(sink, truth, raw, skipped, counts, Math.Max(0, first), last, clock.Elapsed) { Sensors = sensors };
    }

    private static ushort CopyChannel(McapWriter writer, McapSummary summary, McapChannel channel)
    {
        ushort schema = 0;
        if (channel.SchemaId != 0 && summary.Schemas.TryGetValue(channel.SchemaId, out var s))
        {
            schema = writer.RegisterSchema(s.Name, s.Encoding, s.Data.Span);
        }
        else if (channel.MessageEncoding == "json")
        {
            schema = writer.RegisterSchema(channel.Topic, "jsonschema", Encoding.UTF8.GetBytes("{\"type\":\"object\"}"));
        }

        return writer.RegisterChannel(schema, channel.Topic, channel.MessageEncoding, channel.Metadata);
    }

    private readonly record struct Route(ISensorHandler? Handler, ushort OutputChannel, FeedTable? Truth);
}
