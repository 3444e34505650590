using System.Net;
using System.CommandLine;
using System.Globalization;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Playback;
using Spectre.Console;

namespace RovDsp.Bridge.Cli;

/// <summary>The rovdsp-bridge command: options, then the run (bridge service, optional playback or Ping device,
/// the live pilot view, a summary at the end). Exit codes (<see cref="LinkExitCodes"/>): 0 done, 1 runtime failure,
/// 2 usage or settings, 3 the broker refused credentials or authorisation, 4 TLS failure.</summary>
internal static class BridgeCommand
{
    /// <summary>Exit code of a bad setting (reported before anything connects).</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Parses <paramref name="args"/> and runs; messages go to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var broker = new Option<string>("--broker") { Description = "External broker, mqtt://host:port or mqtts://host:port (default: embedded broker). Credentials come from ROVDSP_MQTT_USERNAME / ROVDSP_MQTT_PASSWORD or the config file, never the command line." };
        var port = new Option<int?>("--port") { Description = "Port of the embedded broker (default 1883; 0 picks a free one)." };
        var vehicle = new Option<string>("--vehicle") { Description = "Vehicle id (default rov1)." };
        var replay = new Option<string>("--replay") { Description = "MCAP recording whose raw channels are played into the broker." };
        var simulate = new Option<string>("--simulate") { Description = "Simulate a dive in memory and play it (nominal, clog, ...)." };
        var simulateMinutes = new Option<double?>("--simulate-minutes") { Description = "Length of the simulated dive, minutes (default 2)." };
        var speed = new Option<string>("--speed") { Description = "Playback speed, 0.1 to 100, or 'max' (default 1)." };
        var loop = new Option<bool>("--loop") { Description = "Play the recording again and again, as one continuing dive (each pass's sensor times and sequence numbers move on)." };
        var from = new Option<double?>("--from") { Description = "Start playback this many seconds into the recording." };
        var to = new Option<double?>("--to") { Description = "Stop playback this many seconds into the recording." };
        var pingUdp = new Option<string>("--ping-udp") { Description = "Ping device (Ping360/Ping1D) at ip:port over UDP." };
        var pingSerial = new Option<string>("--ping-serial") { Description = "Ping device on a serial port (e.g. /dev/ttyUSB0)." };
        var baud = new Option<int?>("--baud") { Description = "Serial baud rate (default 115200)." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds." };
        var noView = new Option<bool>("--no-view") { Description = "No live pilot view (status lines only)." };
        var config = new Option<string>("--config") { Description = "JSON configuration file (Bridge:Broker, Bridge:Port, Bridge:Vehicle, Mqtt:Username, Mqtt:Password, Mqtt:CaFile..., View:Username, View:Password)." };
        var listen = new Option<string>("--listen") { Description = "Addresses the embedded broker listens on, one IPv4 and/or one IPv6, comma-separated (default 127.0.0.1 and ::1). Beyond loopback it needs --password-file, --acl-file and --tls-cert/--tls-key, or --insecure." };
        var passwordFile = new Option<string>("--password-file") { Description = "mosquitto password file (mosquitto_passwd) for the embedded broker: every client must log in." };
        var aclFile = new Option<string>("--acl-file") { Description = "mosquitto acl_file for the embedded broker (see docs/security.md)." };
        var tlsCert = new Option<string>("--tls-cert") { Description = "PEM certificate of the embedded broker's TLS listener." };
        var tlsKey = new Option<string>("--tls-key") { Description = "PEM private key of the embedded broker's TLS listener." };
        var tlsPort = new Option<int?>("--tls-port") { Description = "Port of the embedded broker's TLS listener (default 8883; 0 picks a free one)." };
        var insecure = new Option<bool>("--insecure") { Description = "Let the embedded broker listen beyond loopback without password file, ACL or TLS (warned about, and shown in status)." };
        var tls = new Option<bool>("--tls") { Description = MqttTlsSettings.Help.Tls };
        var caFile = new Option<string>("--ca-file") { Description = MqttTlsSettings.Help.CaFile };
        var certFile = new Option<string>("--cert-file") { Description = MqttTlsSettings.Help.CertFile };
        var keyFile = new Option<string>("--key-file") { Description = MqttTlsSettings.Help.KeyFile };
        var serverName = new Option<string>("--tls-server-name") { Description = MqttTlsSettings.Help.ServerName };
        var revocation = new Option<string>("--tls-revocation") { Description = MqttTlsSettings.Help.Revocation };
        var viewUser = new Option<string>("--view-username") { Description = "User name the pilot view reads feeds with (its password from ROVDSP_VIEW_PASSWORD or View:Password); default: the bridge's credentials." };
        var http = new Option<string>("--http") { Description = "Address and port of the pilot's web console (default 127.0.0.1:8080)." };
        var noHttp = new Option<bool>("--no-http") { Description = "No web console." };
        var brokerWs = new Option<string>("--broker-ws") { Description = "With --broker: that broker's MQTT-over-WebSocket URL for the web console (e.g. ws://host:9001/)." };
        var imageRate = new Option<double?>("--image-rate") { Description = "Most sonar images per second per sonar, 0.1 to 50 (default 10: each sonar's own rate up to 10 Hz)." };
        var modbus = new Option<string>("--modbus") { Description = "PLC polled over Modbus TCP, host[:port] (port 502 by default); needs --register-map." };
        var registerMap = new Option<string>("--register-map") { Description = "JSON register map of the slurry line's sensors on the PLC (docs/hardware.md)." };
        var oculus = OculusOptions.Create();
        var vehicles = new Option<string>("--vehicles") { Description = "Several vehicles, rov1,rov2,..., or '+' to discover them from rov/+/raw/... (with --broker; docs/deployment.md)." };
        var maxVehicles = new Option<int?>("--max-vehicles") { Description = "Most vehicles discovered (default 16); more are refused, counted and said." };
        var shard = new Option<string>("--shard") { Description = "k/N: serve only the vehicles whose id hashes to k of N (FNV-1a 32, docs/topics.md), e.g. a StatefulSet's ordinal." };
        var shareGroup = new Option<string>("--share-group") { Description = "Take vehicles through the MQTT 5 shared subscription $share/NAME/rov/+/raw/# (docs/deployment.md)." };
        var clientId = new Option<string>("--client-id") { Description = "MQTT client id of the bridge (default rovdsp-bridge; with --shard rovdsp-bridge-shardKofN); each vehicle's connections add -{vehicle}." };
        var stateDir = new Option<string>("--state-dir") { Description = "Keep the vehicle's state (tonnes today, alarms and their acknowledgements, last valid altitude) in DIR/{vehicle}.state.json across restarts (docs/deployment.md). Default: not kept." };
        var checkpointInterval = new Option<double?>("--checkpoint-interval") { Description = "Seconds between state checkpoints, 0.1 to 600 (default 1): a crash loses at most this much of the day's tonnes." };
        var root = new RootCommand("rovdsp-bridge: sensor streams in over MQTT, pilot feeds out; embedded broker by default. " + LinkExitCodes.HelpText)
        {
            broker, port, vehicle, replay, simulate, simulateMinutes, speed, loop, from, to, pingUdp, pingSerial, baud, duration, noView, config,
            tls, caFile, certFile, keyFile, serverName, revocation, viewUser,
            listen, passwordFile, aclFile, tlsCert, tlsKey, tlsPort, insecure,
            http, noHttp, brokerWs, imageRate,
            modbus, registerMap, vehicles, maxVehicles, shard, shareGroup, clientId, stateDir, checkpointInterval,
        };
        oculus.AddTo(root);
        root.SetAction(async (result, cancellationToken) =>
        {
            BridgeSettings settings;
            ConsoleSettings console;
            var pipelines = new PipelineSettings();
            RovDsp.Bridge.Fleet.FleetOptions? fleet;
            try
            {
                settings = BridgeSettings.Resolve(
                    new BridgeSettings.Inputs(
                        result.GetValue(broker), result.GetValue(port), result.GetValue(vehicle), result.GetValue(replay),
                        result.GetValue(simulate), result.GetValue(simulateMinutes), result.GetValue(speed), result.GetValue(loop),
                        result.GetValue(from), result.GetValue(to), result.GetValue(pingUdp), result.GetValue(pingSerial),
                        result.GetValue(baud), result.GetValue(duration), result.GetValue(noView), result.GetValue(config))
                    {
                        Embedded = new BridgeSettings.BrokerInputs(
                            result.GetValue(listen), result.GetValue(passwordFile), result.GetValue(aclFile), result.GetValue(tlsCert),
                            result.GetValue(tlsKey), result.GetValue(tlsPort), result.GetValue(insecure)),
                        Tls = new MqttTlsSettings.Flags(result.GetValue(tls), result.GetValue(caFile), result.GetValue(certFile), result.GetValue(keyFile),
                            result.GetValue(serverName), result.GetValue(revocation)),
                        ViewUsername = result.GetValue(viewUser),
                    },
                    environment);
                settings = settings with { Modbus = ModbusSettings.Resolve(result.GetValue(modbus), result.GetValue(registerMap)) };
                settings = settings with { Oculus = oculus.Resolve(result) };
                settings = settings with { Bridge = settings.Bridge with { State = StateSettings.Resolve(result.GetValue(stateDir),
                    result.GetValue(checkpointInterval), pipelines.Slurry.DayStartUtcOffset, error) } };
                if (result.GetValue(clientId) is { } id)
                {
                    settings = settings with { Bridge = settings.Bridge with { ClientId = id } };
                    settings.Bridge.Validate();
                }

                fleet = FleetSettings.Resolve(result.GetValue(vehicles), result.GetValue(maxVehicles), result.GetValue(shard),
                    result.GetValue(shareGroup), result.GetValue(vehicle) is not null, settings);
                console = ConsoleSettings.Resolve(result.GetValue(http), result.GetValue(noHttp), result.GetValue(brokerWs), settings.Bridge.Broker is not null);
                // The console is plain HTTP: its page, and with the embedded broker the MQTT logins over its /mqtt WebSocket
                // (held to the broker's limits, GuardedWebSocketServerAdapter), would cross the network in clear. Beyond
                // loopback it is an explicit, warned choice.
                if (console.Endpoint is { } web && !IPAddress.IsLoopback(web.Address) && settings.Bridge.Broker is null
                    && settings.Bridge.Embedded is not { Insecure: true })
                {
                    throw new BridgeConfigurationException("http",
                        $"{web} is beyond loopback: the web console has no TLS, so its page and the MQTT logins over its WebSocket would cross the network in clear; keep it on loopback (reach it over an SSH tunnel) or add --insecure");
                }
                if (result.GetValue(imageRate) is { } rate)
                {
                    pipelines = rate is >= 0.1 and <= 50
                        ? pipelines with { ImageRateHz = rate }
                        : throw new BridgeConfigurationException("image-rate", $"{rate} must be within 0.1–50");
                }
            }
            catch (BridgeConfigurationException ex)
            {
                await error.WriteLineAsync($"rovdsp-bridge: {ex.Message}").ConfigureAwait(false);
                return ConfigurationExitCode;
            }

            try
            {
                return fleet is not null
                    ? await FleetRun.RunAsync(fleet, settings.Duration, pipelines, output, error, cancellationToken).ConfigureAwait(false)
                    : await RunBridgeAsync(settings, console, pipelines, output, error, cancellationToken).ConfigureAwait(false);
            }
            catch (BridgeConfigurationException ex)
            {
                await error.WriteLineAsync($"rovdsp-bridge: {ex.Message}").ConfigureAwait(false);
                return ConfigurationExitCode;
            }
            catch (MqttLinkException ex)
            {
                await error.WriteLineAsync($"rovdsp-bridge: {ex.Message}").ConfigureAwait(false);
                return ex.ExitCode;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or InvalidOperationException)
            {
                await error.WriteLineAsync($"rovdsp-bridge: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        // A usage error (unknown flag, '--port abc') is exit code 2 like a bad setting, not System.CommandLine's 1.
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"rovdsp-bridge: {parseError.Message}");
            }

            error.WriteLine("rovdsp-bridge: see rovdsp-bridge --help");
            return Task.FromResult(ConfigurationExitCode);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static async Task<int> RunBridgeAsync(BridgeSettings settings, ConsoleSettings console, PipelineSettings pipelines, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        // Every link's failures (refused credentials, TLS, unreachable, refused publishes) are printed as they happen.
        var reporter = new LinkFailureReporter(error, "rovdsp-bridge: ");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Duration is { } d)
        {
            stop.CancelAfter(d);
        }

        var options = settings.Bridge with { LinkObserver = reporter };
        if (options.Embedded is { Insecure: true } insecureBroker)
        {
            await output.WriteLineAsync(insecureBroker.IsLoopbackOnly
                ? "warning: --insecure given; the embedded broker listens on loopback only, so it changes nothing"
                : $"WARNING: --insecure: the embedded broker on {string.Join(", ", insecureBroker.EffectiveAddresses)} lets in whoever reaches it"
                  + (insecureBroker.PasswordFile is null ? " without a password" : "") + (insecureBroker.AclFile is null ? ", with no ACL" : "")
                  + (insecureBroker.HasTls ? "" : ", unencrypted") + "; anyone there can publish feeds, alarms and status").ConfigureAwait(false);
        }

        // The console first: with the embedded broker its WebSocket endpoint is one of the broker's ways in.
        await using var web = await WebConsoleHost.StartAsync(console, options, output, stop.Token).ConfigureAwait(false);
        if (web is not null && options.Broker is null)
        {
            options = options with { EmbeddedAdapters = [web.BrokerAdapter] };
        }

        await using var service = new BridgeService(options, new SensorHandlerFactory(pipelines));
        await service.StartAsync(stop.Token).ConfigureAwait(false);
        var endpoint = service.Endpoint!;
        await output.WriteLineAsync(options.Broker is null
            ? $"embedded broker on {endpoint}{(service.EmbeddedBroker!.TlsPort is { } tls ? $", TLS on {string.Join(", ", service.EmbeddedBroker.Options.EffectiveAddresses)} port {tls}" : "")}; watch with: mosquitto_sub -h {endpoint.Host} -p {endpoint.Port} -i watcher{(service.EmbeddedBroker.Security.RequiresLogin ? " -u <user> -P <password>" : "")} -t 'rov/#' -v"
            : $"connected to {endpoint}").ConfigureAwait(false);

        // Tools in this process (view, player, Ping driver) log in as the bridge does (the embedded broker's per-run
        // secret, or the configured credentials on an external broker); the view takes its own when given.
        var (localUser, localPassword) = service.LocalCredentials;
        var viewUser = settings.ViewUserName ?? localUser;
        var viewPassword = settings.ViewUserName is null ? localPassword : settings.ViewPassword;
        await using var view = new PilotView(endpoint, options.Vehicle, viewUser, viewPassword, options.Tls, reporter);
        await view.StartAsync(stop.Token).ConfigureAwait(false);

        var work = new List<Task>();
        RecordingPlayer? player = null;
        MqttLink? publisher = null;
        Task<PlaybackReport>? playing = null;
        PingDeviceDriver? driver = null;
        MqttLink? pingLink = null;
        if (settings.ReplayPath is not null || settings.Simulate is not null)
        {
            player = settings.ReplayPath is not null
                ? OpenRecording(settings.ReplayPath, settings.Playback)
                : new RecordingPlayer(SimulatedDive.Record(settings.Simulate!.Value, settings.SimulateDuration, options.Vehicle), settings.Playback);
            publisher = new MqttLink(new MqttLinkOptions
            {
                Endpoint = endpoint, ClientId = "rovdsp-player-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                UserName = localUser, Password = localPassword, Tls = options.Tls, Observer = reporter,
            });
            await publisher.StartAsync(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(false);
            var link = publisher;
            // QoS 0: a QoS 1 publish waits for the broker's acknowledgement, one round trip per message, which made
            // the player fall hundreds of milliseconds behind during slurry bursts; on the loopback link to the
            // embedded broker nothing is lost, and the bridge still takes raw topics at QoS 1 from real sensors.
            // Sent from the player's pooled buffer, which it returns only once the publish has completed.
            playing = player.PlayAsync(async (topic, payload, ct) => await link.PublishRawAsync(topic, payload, ct).ConfigureAwait(false), stop.Token);
        }

        IPingTransport? transport = null;
        if (settings.PingUdp is not null || settings.PingSerial is not null)
        {
            transport = settings.PingUdp is not null ? new UdpPingTransport(settings.PingUdp) : new SerialPingTransport(settings.PingSerial!, settings.Baud);
            var topic = service.Topics.Raw(RawKind.Ping, settings.PingSensor);
            var raw = new MqttLink(new MqttLinkOptions
            {
                Endpoint = endpoint, ClientId = "rovdsp-ping-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                UserName = localUser, Password = localPassword, Tls = options.Tls, Observer = reporter,
            });
            await raw.StartAsync(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(false);
            pingLink = raw;
            driver = new PingDeviceDriver(transport, new PingDriverOptions(), async (frame, ct) =>
                await raw.PublishRawAsync(topic, frame, ct).ConfigureAwait(false));
            work.Add(Task.Run(async () =>
            {
                try
                {
                    await driver.RunAsync(stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    await raw.DisposeAsync().ConfigureAwait(false);
                }
            }, CancellationToken.None));
        }

        ModbusRun? modbusRun = null;
        if (settings.Modbus is not null)
        {
            modbusRun = await ModbusRun.StartAsync(settings.Modbus, service, localUser, localPassword, options.Tls, reporter, stop.Token).ConfigureAwait(false);
            work.Add(modbusRun.Running);
        }

        OculusRun? oculusRun = null;
        if (settings.Oculus is not null)
        {
            oculusRun = await OculusRun.StartAsync(settings.Oculus, service, localUser, localPassword, options.Tls, reporter, error, stop.Token).ConfigureAwait(false);
            work.Add(oculusRun.Running);
        }

        // Without playback the bridge runs until Ctrl+C or --duration; a non-looping playback ends the run a
        // moment after its last message (so the last feeds are processed and shown).
        var finished = playing is null
            ? Task.Delay(Timeout.Infinite, stop.Token)
            : playing.ContinueWith(_ => Task.Delay(1500, CancellationToken.None), TaskScheduler.Default).Unwrap();
        await ShowAsync(view, settings.NoView || !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected, output, finished).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);

        PlaybackReport? report = playing is null ? null : await playing.ConfigureAwait(false);
        foreach (var task in work)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        await WriteSummaryAsync(output, service, publisher, report, driver, pingLink).ConfigureAwait(false);
        if (modbusRun is not null)
        {
            await output.WriteLineAsync(modbusRun.Summary()).ConfigureAwait(false);
            await modbusRun.DisposeAsync().ConfigureAwait(false);
        }
        if (oculusRun is not null)
        {
            await output.WriteLineAsync(oculusRun.Summary()).ConfigureAwait(false);
            await oculusRun.DisposeAsync().ConfigureAwait(false);
        }
        if (publisher is not null)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
        }

        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        player?.Dispose();
        // A run whose links ended refused (authorisation lost mid-run, publishes denied by an ACL) does not end 0.
        var code = reporter.ExitCode();
        if (code != LinkExitCodes.Success)
        {
            foreach (var problem in reporter.Problems())
            {
                await error.WriteLineAsync($"rovdsp-bridge: at the end of the run: {problem}").ConfigureAwait(false);
            }
        }

        return code;
    }

    // A file that is not an MCAP recording is a bad --replay setting: one line and exit code 2, not a stack trace.
    private static RecordingPlayer OpenRecording(string path, PlaybackOptions playback)
    {
        try
        {
            return RecordingPlayer.Open(path, playback);
        }
        catch (Exception ex) when (ex is RovDsp.Replay.Mcap.McapFormatException or InvalidDataException or EndOfStreamException
                                       or ArgumentException or IOException)
        {
            throw new BridgeConfigurationException("replay", $"'{path}' is not a readable MCAP recording: {ex.Message}");
        }
    }

    private static async Task ShowAsync(PilotView view, bool plain, TextWriter output, Task finished)
    {
        static async Task Wait(Task finished, TimeSpan period)
        {
            await Task.WhenAny(finished, Task.Delay(period)).ConfigureAwait(false);
        }

        if (plain)
        {
            while (!finished.IsCompleted)
            {
                await Wait(finished, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                await output.WriteLineAsync(view.Line()).ConfigureAwait(false);
            }

            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]RovDsp pilot view[/]").AddColumn("").AddColumn("");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!finished.IsCompleted)
            {
                table.Rows.Clear();
                foreach (var (label, value) in view.Rows())
                {
                    table.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), new Text(value));
                }

                context.Refresh();
                await Wait(finished, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private static async Task WriteSummaryAsync(TextWriter output, BridgeService service, MqttLink? publisher, PlaybackReport? report,
        PingDeviceDriver? driver, MqttLink? pingLink)
    {
        long dropped = 0, failures = 0, handled = 0;
        foreach (var worker in service.Workers.Values)
        {
            if (worker is not null)
            {
                dropped += worker.Dropped;
                failures += worker.Failures;
                handled += worker.Handled;
            }
        }

        var lines = new List<string>
        {
            "summary:",
            $"  raw messages received {service.RawReceived}, handled {handled}, dropped {dropped}, handler failures {failures}, input errors {service.Errors.Total}",
            string.Create(CultureInfo.InvariantCulture, $"  processing latency p50 {service.Processing.Percentile(50)} us, p99 {service.Processing.Percentile(99)} us; end to end p50 {service.EndToEnd.Percentile(50)} us, p99 {service.EndToEnd.Percentile(99)} us"),
        };
        if (report is not null)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  player: {report.Messages} messages in {report.Passes} pass(es), {report.Elapsed.TotalSeconds:F1} s, lateness p50 {report.LatenessP50Ms:F3} ms, p99 {report.LatenessP99Ms:F3} ms, max {report.LatenessMaxMs:F3} ms, publishes dropped {publisher?.PublishesDropped ?? 0}"));
        }

        if (driver is not null)
        {
            // The driver hands every frame to the link; the link drops a frame when it is not connected (said here, not
            // hidden in the count of frames published).
            var linkDropped = pingLink?.PublishesDropped ?? 0;
            lines.Add($"  ping device: {driver.FramesPublished - linkDropped} frames published, {linkDropped} dropped by the MQTT link, {driver.Timeouts} timeouts, {driver.Nacks} nacks");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
