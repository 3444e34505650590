using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;
using RovDsp.Processing;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Playback;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>play</c>: publishes a recording's raw messages to an MQTT broker at their original timing times a speed
/// factor, with progress while it runs and a timing report at the end. Exit codes (<see cref="LinkExitCodes"/>): 0 done
/// (also after Ctrl+C), 1 a failure while running (file unreadable, broker unreachable), 2 a bad setting (reported
/// before anything connects), 3 the broker refused the credentials, 4 TLS failure.</summary>
internal static class PlayCommand
{
    /// <summary>Exit code of a bad setting.</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<FileInfo>("recording") { Description = "The MCAP recording whose raw channels (rov/{vehicle}/raw/...) are published." };
        var broker = new Option<string>("--broker") { Description = "Publish to this broker, mqtt://host:port or mqtts://host:port. Default: start an embedded broker on 127.0.0.1 (--port). Credentials only from ROVDSP_MQTT_USERNAME / ROVDSP_MQTT_PASSWORD or --config, never the command line." };
        var port = new Option<int?>("--port") { Description = "Port of the embedded broker (default 1883; 0 picks a free one)." };
        var speed = new Option<string>("--speed") { Description = "Speed over the original timing, 0.1 to 100 (e.g. 10 or 10x), or 'max' for as fast as possible (default 1)." };
        var from = new Option<double?>("--from") { Description = "Start this many seconds after the recording's first message." };
        var to = new Option<double?>("--to") { Description = "Stop this many seconds after the recording's first message." };
        var topic = new Option<string[]>("--topic") { Description = "Play only raw topics matching this MQTT filter ('+' one level, '#' the rest); repeatable. Default: every raw topic." };
        var loop = new Option<bool>("--loop") { Description = "Start again at --from after --to, until stopped (Ctrl+C or --duration), as one continuing dive: each pass's sensor times and sequence numbers move on past the last." };
        var duration = DurationOption("--duration", "Stop after this long (90s, 10m, or seconds); default: the end of the window.");
        var config = new Option<string>("--config") { Description = "JSON configuration file: Bridge:Broker, Mqtt:Username, Mqtt:Password (as rovdsp-bridge reads)." };
        var command = new Command("play", "Publish a recording's raw sensor messages to an MQTT broker at the original timing (x --speed), with a timing-accuracy report. " + LinkExitCodes.HelpText)
        {
            input, broker, port, speed, from, to, topic, loop, duration, config,
        };
        var tlsOptions = MqttSettings.AddTlsOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            MqttSettings mqtt;
            PlaybackOptions playback;
            try
            {
                mqtt = MqttSettings.Resolve(parse.GetValue(broker), parse.GetValue(config), tls: tlsOptions.Read(parse));
                if (mqtt.Broker is not null && parse.GetValue(port) is not null)
                {
                    throw new InvalidSettingException("port", "applies to the embedded broker only; it cannot be combined with --broker");
                }

                if (parse.GetValue(port) is < 0 or > 65535)
                {
                    throw new InvalidSettingException("port", $"{parse.GetValue(port)} is outside 0–65535");
                }

                playback = new PlaybackOptions
                {
                    Speed = ParseSpeed(parse.GetValue(speed)),
                    FromSeconds = parse.GetValue(from),
                    ToSeconds = parse.GetValue(to),
                    TopicFilters = parse.GetValue(topic) ?? [],
                    Loop = parse.GetValue(loop),
                };
                try
                {
                    playback.Validate();
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidSettingException(ex.ParamName == nameof(PlaybackOptions.ToSeconds) ? "to" : "from", ex.Message);
                }

                foreach (var filter in playback.TopicFilters)
                {
                    ValidateFilter(filter);
                }

                var file = parse.GetValue(input)!;
                if (!file.Exists)
                {
                    throw new InvalidSettingException("recording", $"file '{file.FullName}' does not exist");
                }

                if (CliErrors.NotARecording(InputSniffer.Sniff(file.FullName)) is { } problem)
                {
                    throw new InvalidSettingException(problem);
                }
            }
            catch (InvalidSettingException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ConfigurationExitCode;
            }

            try
            {
                return await PlayAsync(parse.GetValue(input)!.FullName, mqtt, parse.GetValue(port) ?? BrokerEndpoint.DefaultPort, playback,
                    parse.GetValue(duration), output, error, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttLinkException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ex.ExitCode;
            }
            catch (McapFormatException ex)
            {
                await error.WriteLineAsync("error: " + CliErrors.Damaged(parse.GetValue(input)!.FullName, ex)).ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or TimeoutException
                                           or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>A duration option parsed by <see cref="DurationParser"/> (null when absent).</summary>
    internal static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (DurationParser.TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration (examples: 0.5, 90s, 10m, 1h).");
            return null;
        },
    };

    /// <summary>Parses --speed: 0.1–100 (a trailing x allowed) or 'max' (returned as 0).</summary>
    internal static double ParseSpeed(string? text)
    {
        if (text is null)
        {
            return 1;
        }

        if (text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        return double.TryParse(text.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out var speed)
               && speed is >= PlaybackOptions.MinSpeed and <= PlaybackOptions.MaxSpeed
            ? speed
            : throw new InvalidSettingException("speed", $"'{text}' must be within 0.1–100 or 'max'");
    }

    /// <summary>Refuses a topic filter MQTT would refuse ('#' not last, wildcards inside a level, empty).</summary>
    internal static void ValidateFilter(string filter)
    {
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if ((level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
                || (level.Contains('+', StringComparison.Ordinal) && level != "+"))
            {
                throw new InvalidSettingException("topic", $"'{filter}' is not an MQTT filter ('+' stands for a whole level, '#' only last)");
            }
        }

        if (filter.Length == 0)
        {
            throw new InvalidSettingException("topic", "is empty");
        }
    }

    private static async Task<int> PlayAsync(string path, MqttSettings mqtt, int port, PlaybackOptions playback, TimeSpan? duration,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reporter = new LinkFailureReporter(error, "error: ");
        using var player = RecordingPlayer.Open(path, playback);
        if (PlayFilters.NothingToPlay(path, player, playback) is { } nothing)
        {
            await error.WriteLineAsync("error: " + nothing).ConfigureAwait(false);
            return 1;
        }

        await using var embedded = mqtt.Broker is null ? await EmbeddedBroker.StartAsync(IPAddress.Loopback, port).ConfigureAwait(false) : null;
        var endpoint = mqtt.Broker ?? new BrokerEndpoint(IPAddress.Loopback.ToString(), embedded!.Port, false);
        await using var link = new MqttLink(new MqttLinkOptions
        {
            Endpoint = endpoint,
            ClientId = "rovdsp-replay-play-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
            UserName = mqtt.UserName,
            Password = mqtt.Password,
            Tls = mqtt.Tls,
            Observer = reporter,
        });
        await link.StartAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(embedded is null
            ? $"publishing to {endpoint}"
            : $"embedded broker on {endpoint}; watch with: mosquitto_sub -h {endpoint.Host} -p {endpoint.Port} -V mqttv5 -t 'rov/#' -v").ConfigureAwait(false);

        var windowStart = playback.FromSeconds ?? 0;
        var recordingEnd = (player.EndTime - player.StartTime) / 1e9;
        var windowEnd = Math.Min(playback.ToSeconds ?? recordingEnd, recordingEnd);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"playing {Path.GetFileName(path)}: {player.Topics.Count} raw topic(s), {windowStart:F1}–{windowEnd:F1} s, speed {(playback.Speed == 0 ? "max" : playback.Speed.ToString("0.###", CultureInfo.InvariantCulture) + "x")}{(playback.Loop ? ", looping" : string.Empty)}")).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        // QoS 0, as the bridge's player: a QoS 1 publish waits for the broker's acknowledgement, a round trip per
        // message. MQTTnet completes a QoS 0 publish as soon as the bytes are in the socket, normally at once, so the
        // player's timing thread does not wait on the network.
        var playing = player.PlayAsync((topic, payload, ct) => Publish(link, topic, payload, ct), stop.Token);
        var ticker = System.Diagnostics.Stopwatch.StartNew();
        long lastCount = 0;
        var lastAt = TimeSpan.Zero;
        while (!playing.IsCompleted)
        {
            await Task.WhenAny(playing, Task.Delay(1000, CancellationToken.None)).ConfigureAwait(false);
            if (playing.IsCompleted)
            {
                break;
            }

            var now = ticker.Elapsed;
            var count = player.Published;
            var rate = (count - lastCount) / Math.Max((now - lastAt).TotalSeconds, 1e-3);
            (lastCount, lastAt) = (count, now);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {now.TotalSeconds,6:F1} s  at {player.PositionSeconds,7:F1} s of the recording  {count,9} messages  {rate,8:F0} msg/s  max late {player.LatenessMaxMs:F2} ms  dropped {link.PublishesDropped}")).ConfigureAwait(false);
        }

        var report = await playing.ConfigureAwait(false);
        foreach (var line in ReportLines(report, playback.Speed, link.PublishesDropped, cancellationToken.IsCancellationRequested || stop.IsCancellationRequested))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        // Refused reconnections or publishes during the run are not a success.
        foreach (var problem in reporter.ExitCode() == LinkExitCodes.Success ? [] : reporter.Problems())
        {
            await error.WriteLineAsync("error: at the end of the run: " + problem).ConfigureAwait(false);
        }

        return reporter.ExitCode();
    }

    private static ValueTask Publish(MqttLink link, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var sent = link.PublishRawAsync(topic, payload, cancellationToken);
        return sent.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(sent.AsTask());
    }

    /// <summary>The end-of-run report.</summary>
    internal static IEnumerable<string> ReportLines(PlaybackReport report, double speed, long dropped, bool stopped)
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c,
            $"{(stopped ? "stopped" : "done")}: {report.Messages} messages on {report.Topics.Count} topic(s) in {report.Passes} pass(es), {report.RecordedSpan.TotalSeconds:F1} s of recording per pass in {report.Elapsed.TotalSeconds:F1} s ({report.MessagesPerSecond:F0} msg/s)");
        yield return speed == 0
            ? "lateness: not measured at speed max (no due times)"
            : string.Create(c, $"lateness (send time - due time): p50 {report.LatenessP50Ms:F3} ms, p99 {report.LatenessP99Ms:F3} ms, max {report.LatenessMaxMs:F3} ms");
        yield return string.Create(c, $"publishes dropped (link down): {dropped}");
    }
}
