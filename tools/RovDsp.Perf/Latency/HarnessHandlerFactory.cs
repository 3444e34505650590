using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Perf.Latency;

/// <summary>
/// The bridge's own <see cref="SensorHandlerFactory"/> (the real handlers, unchanged), except that each kind's
/// handlers get their own processing and bridge-internal end-to-end recorders: the bridge keeps one of each for
/// all sensors, and the harness must tell a ping's latency from a multibeam frame's.
/// </summary>
public sealed class HarnessHandlerFactory : ISensorHandlerFactory
{
    private readonly SensorHandlerFactory _inner;

    /// <summary>Creates the factory over the real one with <paramref name="settings"/>.</summary>
    public HarnessHandlerFactory(PipelineSettings settings) => _inner = new SensorHandlerFactory(settings);

    /// <summary>Handler time per message (dequeue to feed built, as the handlers record it), by kind.</summary>
    public KindRecorders Processing { get; } = new();

    /// <summary>Bridge receive handler to feed handed to the MQTT client, by kind.</summary>
    public KindRecorders BridgeEndToEnd { get; } = new();

    /// <summary>Raw publish to the bridge's MQTT receive handler, by kind.</summary>
    public KindRecorders Inbound { get; } = new();

    /// <summary>Bridge receive handler to worker dequeue, by kind.</summary>
    public KindRecorders Queued { get; } = new();

    /// <summary>Worker time per message, dequeue to handled (feed published, alarms told), by kind.</summary>
    public KindRecorders Handled { get; } = new();

    private FeedHandoffSink? _handoff;

    /// <summary>When each JSON feed was handed to the bridge's MQTT client (null until the first handler exists).</summary>
    public FeedHandoffSink? Handoff => Volatile.Read(ref _handoff);

    /// <summary>Optional wrapper around each real handler (the gate's latency sabotage), inside the timing.</summary>
    public Func<RawKind, ISensorHandler, ISensorHandler>? Wrap { get; init; }

    /// <inheritdoc/>
    public ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mix = kind switch
        {
            RawKind.Echosounder => MixKind.Ping,
            RawKind.Multibeam => MixKind.Multibeam,
            _ => MixKind.Slurry,
        };
        var handler = _inner.Create(kind, sensor, context with
        {
            Processing = Processing[mix],
            EndToEnd = BridgeEndToEnd[mix],
            // One wrapper around the bridge's one sink, whichever thread creates the first handler.
            Feeds = LazyInitializer.EnsureInitialized(ref _handoff, () => new FeedHandoffSink(context.Feeds)),
        }, out refusal);
        if (handler is null)
        {
            return null;
        }

        // A sabotage goes inside the timing, as a slow handler would be.
        return new InboundTimingHandler(Wrap is null ? handler : Wrap(kind, handler), Inbound[mix], Queued[mix], Handled[mix]);
    }
}
