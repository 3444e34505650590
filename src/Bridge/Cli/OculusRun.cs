using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Oculus;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Cli;

/// <summary>The Oculus driver as one run of rovdsp-bridge drives it: its own MQTT link publishing the frames on the
/// multibeam raw topic, the link's state in the bridge's status and metrics, state changes on stderr, and a summary
/// line at the end.</summary>
internal sealed class OculusRun
{
    private readonly MqttLink _link;

    private OculusRun(OculusDriver driver, MqttLink link, Task running)
    {
        Driver = driver;
        _link = link;
        Running = running;
    }

    /// <summary>The driver.</summary>
    public OculusDriver Driver { get; }

    /// <summary>The driving task (ends when the run is cancelled).</summary>
    public Task Running { get; }

    /// <summary>Connects the raw link, registers the driver with the service and starts it.</summary>
    public static async Task<OculusRun> StartAsync(OculusSettings settings, BridgeService service, string? user, string? password,
        MqttTlsOptions? tls, IMqttLinkObserver? observer, TextWriter log, CancellationToken stop)
    {
        var topic = service.Topics.Raw(RawKind.Multibeam, settings.Sensor);
        var link = new MqttLink(new MqttLinkOptions
        {
            Endpoint = service.Endpoint!, ClientId = "rovdsp-oculus-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            UserName = user, Password = password, Tls = tls, Observer = observer,
        });
        await link.StartAsync(TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
        // QoS 0 as the player does: a 180–720 KB frame every 100 ms on the loopback hop, where a QoS 1 round trip
        // per frame would only add latency; the bridge's bulk queue for the sensor drops the oldest when it lags.
        // The frame goes out from the driver's own buffer, which it reuses only after this publish completes.
        var driver = new OculusDriver(settings.Driver, async (frame, ct) => await link.PublishRawAsync(topic, frame, ct).ConfigureAwait(false));
        // Every state change is said on stderr as it happens, with its reason.
        var last = "";
        driver.StateChanged += () =>
        {
            var line = $"{driver.State.ToString().ToLowerInvariant()}{(driver.Reason is { } r ? ": " + r : "")}";
            if (line != last)
            {
                last = line;
                lock (log)
                {
                    log.WriteLine($"rovdsp-bridge: oculus {line}");
                }
            }
        };
        service.Hardware.Add(driver);
        var running = Task.Run(() => driver.RunAsync(stop), CancellationToken.None);
        return new OculusRun(driver, link, running);
    }

    /// <summary>The summary line: state, frames, drops and every error counter.</summary>
    public string Summary() =>
        $"  {Driver.Describe()}; {_link.PublishesDropped} frames dropped by the MQTT link";

    /// <summary>Closes the raw link (the driver stays registered: its last state is what the final status shows).</summary>
    public ValueTask DisposeAsync() => _link.DisposeAsync();
}
