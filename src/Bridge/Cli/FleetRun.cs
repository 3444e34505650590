using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;
using RovDsp.Bridge.Service;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Cli;

/// <summary>A run of rovdsp-bridge serving several vehicles (<see cref="VehicleFleet"/>): headless (each vehicle's
/// feeds, status and metrics are on the broker; the pilot view and the web console follow one vehicle of a
/// one-vehicle bridge), a line every 10 s, a summary per vehicle at the end.</summary>
internal static class FleetRun
{
    /// <summary>Runs until <paramref name="cancellationToken"/> or <paramref name="duration"/>; exit code 0.</summary>
    public static async Task<int> RunAsync(FleetOptions options, TimeSpan? duration, PipelineSettings pipelines, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        var log = TextWriter.Synchronized(error);
        var reporter = new LinkFailureReporter(log, "rovdsp-bridge: ");
        options = options with { Unit = options.Unit with { LinkObserver = reporter } };
        await using var fleet = new VehicleFleet(options, new SensorHandlerFactory(pipelines), log);
        await fleet.StartAsync(stop.Token).ConfigureAwait(false);
        await output.WriteLineAsync($"connected to {options.Unit.Broker}; fleet status on {VehicleFleet.StatusTopic(options.Unit.ClientId)}; no pilot view or web console with several vehicles (watch rov/+/feed/#)").ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                await output.WriteLineAsync(Line(fleet)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or --duration.
        }

        await output.WriteLineAsync("summary:").ConfigureAwait(false);
        await output.WriteLineAsync(Line(fleet)).ConfigureAwait(false);
        foreach (var (vehicle, service) in fleet.Vehicles.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {vehicle}: raw messages received {service.RawReceived}, handled {Handled(service)}, input errors {service.Errors.Total}, end to end p50 {service.EndToEnd.Percentile(50)} us, p99 {service.EndToEnd.Percentile(99)} us{(service.Warning is null ? "" : ", WARNING " + service.Warning)}")).ConfigureAwait(false);
        }

        return 0;
    }

    private static string Line(VehicleFleet fleet) => string.Create(CultureInfo.InvariantCulture,
        $"  vehicles {fleet.Vehicles.Count}, vehicles refused {fleet.VehiclesRefused} ({fleet.MessagesRefused} messages), other shards' messages {fleet.MessagesElsewhere}, interleavings {fleet.Interleavings}, start failures {fleet.UnitFailures}");

    private static long Handled(BridgeService service) => service.Workers.Values.Sum(w => w?.Handled ?? 0);
}
