using System.Diagnostics;
using System.Text;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// Runs the sensor pipelines over an MCAP recording without a broker (<c>rovdsp-replay process</c>). Every raw
/// message, in log-time order, goes to the handler <see cref="SensorHandlerFactory"/> makes for its topic — the
/// same handlers the live bridge runs — with a <see cref="McapFeedSink"/> as the feed sink, so the processed
/// MCAP holds exactly what the bridge would have published, stamped with the recording's log times. The alarm
/// hub's events go to the same sink. <c>truth/*</c> channels are copied through unchanged (schemas too) so the
/// output can be viewed against ground truth, and are kept as tables for the accuracy figures.
/// </summary>
/// <remarks>
/// It lives in the replay library next to the MCAP reader and the simulator's truth, and runs the handlers of
/// RovDsp.Processing, which the live bridge runs too; it needs nothing of the MQTT transport. Both cores work:
/// one thread reads ahead (<see cref="MessagePrefetch"/>: chunk decompression, CRC check, record parsing), the
/// sonars' handlers (the heaviest: about 60 % of a full-rate run) run on two <see cref="HandlerWorker"/>s (multibeam; scanning and side-scan)
/// like the live bridge's per-sensor workers, the other handlers on this thread. Deterministic all the same:
/// each sensor's messages reach its handler one at a time in file order; every handler publishes into the
/// <see cref="MessageSlot"/> of the message it is handling (feeds, and its alarm-hub inputs through an
/// <see cref="AlarmReportRecorder"/>), and slots are applied to the sink and the real hub strictly in file
/// order, so the output is byte for byte what handling one message at a time gives. Channels are registered in
/// order of first use, the alarm hub evaluates at message time (its wall-clock <c>TickAsync</c> is never
/// called), and no wall time is written. Ping device frames carry no time: their handler is given the recorded
/// log time as its clock.
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

    /// <summary>Whether the sonars' handlers (multibeam, scanning, side-scan) run on a worker thread (the default); false handles every
    /// message on the calling thread, one at a time (the reference the parallel run must equal byte for byte).</summary>
    public bool UseWorker { get; init; } = true;

    /// <summary>Chunk compression of the processed MCAP: LZ4 by default, because most of its bytes are base64 PNG
    /// images that zstd barely shrinks further while costing about a quarter of a shipped-rate run's CPU.</summary>
    public McapCompression Compression { get; init; } = McapCompression.Lz4;

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
        // Messages slice pooled chunk buffers (no 1.1 GB of payload copies on a full-rate dive); each is released once
        // its slot has been applied, or at once when nothing handles it.
        using var reader = McapReader.Open(inputPath, new McapReaderOptions { LeaseChunkBuffers = true });
        var summary = reader.ReadSummary();
        // Readers welcome while it is written (info on a dive being processed); writers are not.
        await using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var writer = new McapWriter(output, new McapWriterOptions { Profile = string.Empty, Library = "rovdsp-process", Compression = Compression }, leaveOpen: true);
        var sink = new McapFeedSink(writer, _settings.SideScan);
        var alarms = new AlarmHub(_topics) { Sink = sink };
        // The rate limiter's clock only decides which errors are reported individually; counts are exact.
        var errors = new ErrorReporter(10);
        // Handlers publish into per-message slots, applied to the sink and the hub in file order (see MessageSlot);
        // the Ping handler's clock is the log time of the message being handled.
        var handleClock = new LogTimeProvider();
        var factory = new SensorHandlerFactory(_settings, handleClock);

        var routes = new Dictionary<ushort, Route>();
        // The raw multibeam frames as images a viewer can show (foxglove.RawImage), by raw channel.
        var polar = new Dictionary<ushort, MultibeamPolarImage>();
        ushort polarSchema = 0;
        var truth = new List<FeedTable>();
        var sensors = new SortedDictionary<string, RawKind>(StringComparer.Ordinal);
        var channelIds = new List<ushort>(summary.Channels.Keys);
        channelIds.Sort();
        foreach (var id in channelIds)
        {
            var channel = summary.Channels[id];
            if (_topics.TryParseRaw(channel.Topic, out var kind, out var sensor))
            {
                var capture = new SlotFeedSink();
                var recorder = new AlarmReportRecorder(capture.Alarm);
                var context = new HandlerContext(_topics, capture, errors, new LatencyRecorder(), new LatencyRecorder(), recorder);
                var handler = factory.Create(kind, sensor, context, out _);
                sensors[sensor] = kind;
                routes.Add(id, handler is null ? default : new Route(handler, capture, UseWorker ? WorkerOf(kind) : -1, 0, null));
                if (kind == RawKind.Multibeam)
                {
                    polar[id] = new MultibeamPolarImage(writer, _topics.Root, sensor, ref polarSchema);
                }
            }
            else if (channel.Topic.StartsWith("truth/", StringComparison.Ordinal))
            {
                var table = new FeedTable(channel.Topic);
                truth.Add(table);
                routes.Add(id, new Route(null, null, -1, CopyChannel(writer, summary, channel), table));
            }
        }

        var start = (long)(summary.Statistics?.MessageStartTime ?? 0);
        var end = (long)(summary.Statistics?.MessageEndTime ?? 0);
        var span = Math.Max(1, end - start);
        var nextReport = 0.0;
        long first = -1, last = 0, raw = 0, skipped = 0;
        var pending = new Queue<MessageSlot>();
        var free = new Stack<MessageSlot>();
        progress?.Report(0);
        using (var prefetch = new MessagePrefetch(reader.ReadMessages(), cancellationToken))
        using (var multibeamWorker = new HandlerWorker(cancellationToken))
        using (var sonarWorker = new HandlerWorker(cancellationToken))
        {
            HandlerWorker[] workers = [multibeamWorker, sonarWorker];
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
                    message.Release();
                    continue;
                }

                var slot = free.Count > 0 ? free.Pop() : new MessageSlot();
                slot.Reset(message, route.Truth, route.OutputChannel);
                pending.Enqueue(slot);
                if (route.Handler is { } handler)
                {
                    raw++;
                    if (route.Worker >= 0)
                    {
                        slot.Worker = workers[route.Worker];
                        slot.Worker.Post(slot, route.Capture!, handler);
                    }
                    else
                    {
                        handleClock.LogTimeNs = logTime;
                        route.Capture!.Slot = slot;
                        await handler.HandleAsync(message.Data, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
                        slot.Complete();
                    }
                }
                else
                {
                    slot.Complete();
                }

                await ApplyAsync(pending, free, pending.Count >= MaxPending, writer, sink, alarms, polar, cancellationToken).ConfigureAwait(false);
                if (progress is not null && (double)(logTime - start) / span >= nextReport)
                {
                    progress.Report(Math.Clamp((double)(logTime - start) / span, 0, 1));
                    nextReport += 0.01;
                }
            }

            while (pending.Count > 0)
            {
                await ApplyAsync(pending, free, true, writer, sink, alarms, polar, cancellationToken).ConfigureAwait(false);
            }
        }

        // Handlers that hold output back until more input comes (the side-scan's open contacts) publish it now, at
        // the last message's log time, in channel order.
        foreach (var id in channelIds)
        {
            if (routes.TryGetValue(id, out var route) && route.Handler is IEndOfStreamHandler ending)
            {
                var slot = new MessageSlot();
                slot.Reset(new McapMessage(id, 0, (ulong)Math.Max(0, last), (ulong)Math.Max(0, last), ReadOnlyMemory<byte>.Empty));
                route.Capture!.Slot = slot;
                await ending.EndOfStreamAsync(cancellationToken).ConfigureAwait(false);
                slot.Complete();
                await slot.ApplyAsync(sink, alarms, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Applies the finished slots at the head of <paramref name="pending"/>, in order; when
    /// <paramref name="wait"/>, first waits for the head to finish (and applies at least it).</summary>
    private static async ValueTask ApplyAsync(Queue<MessageSlot> pending, Stack<MessageSlot> free, bool wait,
        McapWriter writer, McapFeedSink sink, AlarmHub alarms, Dictionary<ushort, MultibeamPolarImage> polar, CancellationToken cancellationToken)
    {
        while (pending.Count > 0)
        {
            var head = pending.Peek();
            if (!head.Done)
            {
                if (!wait)
                {
                    return;
                }

                // Not done yet, so a worker has it (the applying thread completes its own slots at once).
                head.Worker!.WaitDone(head);
                wait = false;
            }

            pending.Dequeue();
            if (head.Truth is { } table)
            {
                var m = head.Message;
                writer.WriteMessage(head.TruthChannel, m.Sequence, m.LogTime, m.PublishTime, m.Data.Span);
                table.Add((long)m.LogTime, m.Data.Span);
            }

            var message = head.Message;
            polar.GetValueOrDefault(message.ChannelId)?.Write(message);
            await head.ApplyAsync(sink, alarms, cancellationToken).ConfigureAwait(false);
            message.Release();
            free.Push(head);
        }
    }

    // The sonars that render images are the heavy handlers: the multibeam gets one worker (index 0), the scanning
    // and side-scan sonars share another (1); echosounder, slurry and Ping-protocol frames (whose clock is the
    // applying thread's log time) stay on the applying thread (-1). With the read-ahead thread that is four busy
    // threads on two cores, which the scheduler balances better than any fixed two-way split of these handlers.
    private static int WorkerOf(RawKind kind) => kind switch
    {
        RawKind.Multibeam => 0,
        RawKind.Scanning or RawKind.SideScan => 1,
        _ => -1,
    };

    private static ushort CopyChannel(McapWriter writer, McapSummary summary, McapChannel channel)
    {
        // A channel without a schema stays schemaless: the viewers load schemaless JSON, but refuse an object schema
        // without properties.
        ushort schema = 0;
        if (channel.SchemaId != 0 && summary.Schemas.TryGetValue(channel.SchemaId, out var s))
        {
            schema = writer.RegisterSchema(s.Name, s.Encoding, s.Data.Span);
        }

        return writer.RegisterChannel(schema, channel.Topic, channel.MessageEncoding, channel.Metadata);
    }

    /// <summary>Messages waiting to be applied at most (about 10 s of a full-rate dive): the lead the imaging
    /// worker may take over the applying thread before that thread waits for it.</summary>
    private const int MaxPending = 4096;

    private readonly record struct Route(ISensorHandler? Handler, SlotFeedSink? Capture, int Worker, ushort OutputChannel, FeedTable? Truth);
}
