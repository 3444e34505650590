using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Feeds;

/// <summary>Makes each sensor's handler from its raw kind: the same handlers run live in the bridge and
/// offline in <c>rovdsp-replay process</c>, so a replay goes through exactly the code a dive does.</summary>
public sealed class SensorHandlerFactory : ISensorHandlerFactory
{
    private readonly PipelineSettings _settings;
    private readonly TimeProvider? _pingClock;

    /// <summary>Creates the factory.</summary>
    /// <param name="settings">Pipeline settings (the defaults when null).</param>
    /// <param name="pingClock">Stamp source (its <see cref="TimeProvider.GetUtcNow"/>) for devices whose frames carry
    /// no time (Ping protocol): <see cref="TimeProvider.System"/> when null; offline processing passes one that
    /// reads the recorded log time.</param>
    public SensorHandlerFactory(PipelineSettings? settings = null, TimeProvider? pingClock = null)
    {
        _settings = settings ?? new PipelineSettings();
        _pingClock = pingClock;
    }

    /// <summary>The settings in use.</summary>
    public PipelineSettings Settings => _settings;

    /// <inheritdoc/>
    public ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal)
    {
        refusal = null;
        return kind switch
        {
            RawKind.Echosounder => new EchosounderHandler(sensor, context, _settings.Echosounder),
            RawKind.Multibeam => new MultibeamHandler(sensor, context, _settings.Multibeam, _settings.ImageRateHz),
            RawKind.Scanning => new ScanningSonarHandler(sensor, context, _settings.Scanning, _settings.ScanningCorridor),
            RawKind.Ping => new PingDeviceHandler(sensor, context, _settings.Scanning, _settings.ScanningCorridor, _pingClock),
            RawKind.SideScan => new SideScanHandler(sensor, context, _settings.SideScan, _settings.ImageRateHz, _settings.SideScanContacts),
            RawKind.Slurry => new SlurryHandler(sensor, context, _settings.Slurry, _settings.SlurryFeedRateHz),
            _ => Refuse(kind, out refusal),
        };
    }

    private static ISensorHandler? Refuse(RawKind kind, out string refusal)
    {
        refusal = $"no pipeline for raw kind {kind}";
        return null;
    }
}
