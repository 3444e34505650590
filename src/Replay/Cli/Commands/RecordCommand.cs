using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Processing;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;
using Spectre.Console;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>record</c>: subscribes to a broker's raw topics (and with <c>--feeds</c> the processed feeds, alarms and
/// status) and writes them into an MCAP file until stopped, flushing a chunk every flush interval so a crash loses
/// little, and finishing the file (summary, footer) on Ctrl+C, SIGTERM or <c>--duration</c>. Exit codes as
/// <see cref="PlayCommand"/>; a file that can no longer be written (a full disk) stops the recording with exit code 1,
/// the file then ending at its last flush (<c>repair</c> recovers it).</summary>
internal static class RecordCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "MCAP file to write (overwritten).", Required = true };
        var broker = new Option<string>("--broker") { Description = "Broker to subscribe to, mqtt://host:port or mqtts://host:port (default mqtt://127.0.0.1:1883, where rovdsp-bridge and play start their embedded broker). Credentials only from ROVDSP_MQTT_USERNAME / ROVDSP_MQTT_PASSWORD or --config." };
        var vehicle = new Option<string>("--vehicle") { Description = "Vehicle id whose topics are recorded, or + for every vehicle (default rov1)." };
        var feeds = new Option<bool>("--feeds") { Description = "Also record the processed feeds (rov/{vehicle}/feed/#), alarms (alarms/#), status, metrics and errors." };
        var topic = new Option<string[]>("--topic") { Description = "Record this MQTT topic filter instead of rov/{vehicle}/raw/#; repeatable (--feeds still adds the feed filters)." };
        var duration = PlayCommand.DurationOption("--duration", "Stop after this long (90s, 10m, or seconds); default: until Ctrl+C or SIGTERM.");
        var flush = PlayCommand.DurationOption("--flush-interval", "Close the open chunk and flush the file this often (default 1 s): a crash loses at most this much.");
        var chunkSize = new Option<string>("--chunk-size") { Description = "Largest uncompressed chunk: bytes, or with a unit (256KiB, 1MiB, 4MB); default 1MiB." };
        var compression = CompressionOption.Create();
        var qos = new Option<int>("--qos") { Description = "QoS of the subscriptions, 0 or 1 (default 1, as the bridge subscribes to raw topics).", DefaultValueFactory = _ => 1 };
        var config = new Option<string>("--config") { Description = "JSON configuration file: Bridge:Broker, Mqtt:Username, Mqtt:Password (as rovdsp-bridge reads)." };
        var command = new Command("record", "Record an MQTT broker's raw sensor topics (and optionally feeds) into an indexed MCAP file until stopped. " + LinkExitCodes.HelpText)
        {
            output, broker, vehicle, feeds, topic, duration, flush, chunkSize, compression, qos, config,
        };
        var tlsOptions = MqttSettings.AddTlsOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            MqttSettings mqtt;
            List<string> filters;
            int chunk;
            try
            {
                mqtt = MqttSettings.Resolve(parse.GetValue(broker), parse.GetValue(config), tls: tlsOptions.Read(parse));
                var v = parse.GetValue(vehicle) ?? "rov1";
                if (v != "+" && !TopicScheme.IsValidLevel(v))
                {
                    throw new InvalidSettingException("vehicle", $"'{v}' must be 1–64 letters, digits, '-' or '_' (or + for every vehicle)");
                }

                filters = [.. parse.GetValue(topic) is { Length: > 0 } custom ? custom : [$"rov/{v}/raw/#"]];
                if (parse.GetValue(feeds))
                {
                    // The bridge's health (metrics, errors) with its feeds: a dive's review plots latency and drops beside them.
                    filters.AddRange([$"rov/{v}/feed/#", $"rov/{v}/alarms/#", $"rov/{v}/status", $"rov/{v}/metrics", $"rov/{v}/errors"]);
                }

                foreach (var filter in filters)
                {
                    PlayCommand.ValidateFilter(filter);
                }

                chunk = ParseSize(parse.GetValue(chunkSize));
                if (parse.GetValue(qos) is not (0 or 1))
                {
                    throw new InvalidSettingException("qos", $"{parse.GetValue(qos)} must be 0 or 1");
                }

                if (parse.GetValue(flush) is { } f && f < TimeSpan.FromMilliseconds(10))
                {
                    throw new InvalidSettingException("flush-interval", "must be at least 10 ms");
                }

                if (OptionErrors.MissingFolder("-o/--output", parse.GetValue(output)!.FullName) is { } missing)
                {
                    throw new InvalidSettingException(missing);
                }
            }
            catch (InvalidSettingException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return PlayCommand.ConfigurationExitCode;
            }

            var settings = new Settings(
                parse.GetValue(output)!.FullName, mqtt, filters, parse.GetValue(qos), parse.GetValue(duration),
                parse.GetValue(flush) ?? TimeSpan.FromSeconds(1),
                new McapWriterOptions { ChunkSize = chunk, Compression = CompressionOption.Parse(parse.GetValue(compression)) });
            try
            {
                return await RecordAsync(settings, console, error, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttLinkException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ex.ExitCode;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Parses --chunk-size: bytes, or a number with k/KiB/KB, m/MiB/MB (binary multiples either way).</summary>
    internal static int ParseSize(string? text)
    {
        if (text is null)
        {
            return 1024 * 1024;
        }

        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.'))
        {
            split++;
        }

        var scale = s[split..].ToUpperInvariant() switch
        {
            "" or "B" => 1.0,
            "K" or "KB" or "KIB" => 1024.0,
            "M" or "MB" or "MIB" => 1024.0 * 1024,
            _ => 0,
        };
        return scale > 0 && double.TryParse(s[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
               && value * scale is >= 1024 and <= 256.0 * 1024 * 1024
            ? (int)(value * scale)
            : throw new InvalidSettingException("chunk-size", $"'{text}' must be 1KiB–256MiB (examples: 262144, 256KiB, 1MiB)");
    }

    private static async Task<int> RecordAsync(Settings settings, TextWriter console, TextWriter error, CancellationToken cancellationToken)
    {
        var endpoint = settings.Mqtt.Broker ?? new BrokerEndpoint("127.0.0.1", BrokerEndpoint.DefaultPort, false);
        var reporter = new LinkFailureReporter(error, "error: ");
        var file = new FileStream(settings.Path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["broker"] = endpoint.ToString(),
            ["filters"] = string.Join(' ', settings.Filters),
            ["started"] = MqttRecording.Now(),
        };
        var recording = new MqttRecording(file, settings.Writer, new MqttLinkOptions
        {
            Endpoint = endpoint,
            ClientId = "rovdsp-replay-record-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
            UserName = settings.Mqtt.UserName,
            Password = settings.Mqtt.Password,
            Tls = settings.Mqtt.Tls,
            Observer = reporter,
            Subscriptions = [.. settings.Filters.Select(f => (f, settings.Qos))],
        }, settings.FlushInterval, metadata);
        var started = Stopwatch.StartNew();
        try
        {
            return await RunAsync(recording, settings, endpoint, started, console, error, reporter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Normally closed with the finished recording; after a failed write the recorder is left as it is and the
            // file closed here, its unwritten buffer lost (it cannot reach a full disk either): the file ends at what
            // the disk took, which repair reads up to the last complete chunk.
            try
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Already reported as the recording's write error.
            }
        }
    }

    private static async Task<int> RunAsync(MqttRecording recording, Settings settings, BrokerEndpoint endpoint, Stopwatch started,
        TextWriter console, TextWriter error, LinkFailureReporter reporter, CancellationToken cancellationToken)
    {
        await using (recording.ConfigureAwait(false))
        {
            await recording.StartAsync(cancellationToken).ConfigureAwait(false);
            await console.WriteLineAsync($"recording {string.Join(", ", settings.Filters)} from {endpoint} into {settings.Path}; subscribed, stop with Ctrl+C").ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration is { } d)
            {
                stop.CancelAfter(d);
            }

            // A file that can no longer be written stops the recording as --duration or Ctrl+C would.
            var stopped = Task.WhenAny(WaitAsync(stop.Token), recording.WriteFailed);
            var live = ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            if (live)
            {
                await ShowTableAsync(recording, started, stopped).ConfigureAwait(false);
            }
            else
            {
                await ShowLinesAsync(recording, started, stopped, console).ConfigureAwait(false);
            }
        }

        var r = recording.Recorder;
        if (recording.WriteError is { } failed)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"error: writing {settings.Path} failed: {failed.Message}; recording stopped after {started.Elapsed.TotalSeconds:F1} s. The file holds the {r.FlushedMessages} messages flushed before the failure ({recording.Discarded} received after it were discarded); recover them with: rovdsp-replay repair {settings.Path} <repaired.mcap>")).ConfigureAwait(false);
            return LinkExitCodes.RuntimeFailure;
        }

        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"recorded {r.Messages} messages on {r.Channels} channel(s) in {started.Elapsed.TotalSeconds:F1} s ({r.Malformed} malformed, recorded as received), {r.Chunks} chunks, {Bytes(r.BytesWritten)}; {settings.Path} is complete (summary and footer written)")).ConfigureAwait(false);
        foreach (var problem in reporter.ExitCode() == LinkExitCodes.Success ? [] : reporter.Problems())
        {
            await error.WriteLineAsync("error: at the end of the run: " + problem).ConfigureAwait(false);
        }

        return reporter.ExitCode();
    }

    private static async Task WaitAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop requested (Ctrl+C, SIGTERM, --duration).
        }
    }

    /// <summary>One line a second (output redirected): totals and messages/s per group.</summary>
    private static async Task ShowLinesAsync(MqttRecording recording, Stopwatch started, Task stopped, TextWriter console)
    {
        var rates = new RateTracker();
        while (!stopped.IsCompleted)
        {
            await Task.WhenAny(stopped, Task.Delay(1000)).ConfigureAwait(false);
            var r = recording.Recorder;
            var groups = rates.Update(r.Snapshot(), started.Elapsed);
            var parts = string.Join("  ", groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Group} {g.Rate:F1}/s")));
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {started.Elapsed.TotalSeconds,6:F1} s  {r.Messages,9} messages  {Bytes(r.BytesWritten),10}  {r.Chunks,5} chunks  malformed {r.Malformed}  queued {recording.Queued}  {parts}")).ConfigureAwait(false);
        }
    }

    /// <summary>The interactive display: a Spectre table refreshed four times a second.</summary>
    private static async Task ShowTableAsync(MqttRecording recording, Stopwatch started, Task stopped)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]rovdsp-replay record[/]")
            .AddColumn("group").AddColumn(new TableColumn("messages").RightAligned()).AddColumn(new TableColumn("msg/s").RightAligned())
            .AddColumn(new TableColumn("bytes").RightAligned()).AddColumn(new TableColumn("malformed").RightAligned());
        var rates = new RateTracker();
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!stopped.IsCompleted)
            {
                var r = recording.Recorder;
                table.Rows.Clear();
                foreach (var g in rates.Update(r.Snapshot(), started.Elapsed))
                {
                    table.AddRow(g.Group, g.Messages.ToString(CultureInfo.InvariantCulture), g.Rate.ToString("F1", CultureInfo.InvariantCulture),
                        Bytes(g.Bytes), g.Malformed.ToString(CultureInfo.InvariantCulture));
                }

                table.Caption(string.Create(CultureInfo.InvariantCulture,
                    $"{started.Elapsed.TotalSeconds:F0} s, {r.Messages} messages, file {Bytes(r.BytesWritten)} in {r.Chunks} chunks, {r.FlushedMessages} flushed, {recording.Queued} queued, {recording.Disconnects} reconnects; Ctrl+C stops"));
                context.Refresh();
                await Task.WhenAny(stopped, Task.Delay(250)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>A byte count for people (B, KiB, MiB, GiB).</summary>
    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>Messages per second per group over the last display period.</summary>
    private sealed class RateTracker
    {
        private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
        private TimeSpan _lastAt;

        public List<(string Group, long Messages, long Bytes, long Malformed, double Rate)> Update(IReadOnlyList<LiveRecordingStats> stats, TimeSpan now)
        {
            var seconds = Math.Max((now - _lastAt).TotalSeconds, 1e-3);
            var rows = new List<(string, long, long, long, double)>(stats.Count);
            foreach (var s in stats)
            {
                var before = _last.GetValueOrDefault(s.Group);
                rows.Add((s.Group, s.Messages, s.Bytes, s.Malformed, (s.Messages - before) / seconds));
                _last[s.Group] = s.Messages;
            }

            _lastAt = now;
            return rows;
        }
    }

    private sealed record Settings(
        string Path, MqttSettings Mqtt, IReadOnlyList<string> Filters, int Qos, TimeSpan? Duration, TimeSpan FlushInterval, McapWriterOptions Writer);
}
