using System.Diagnostics;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>A scanning sonar whose steps arrive in the project's wire encoding (raw kind <c>scanning</c>).</summary>
public sealed class ScanningSonarHandler : ISensorHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly ScanningSonarStepCodec _codec;
    private readonly ScanningSonarFeed _feed;

    /// <summary>Creates the handler.</summary>
    public ScanningSonarHandler(string sensor, HandlerContext context, ScanningSonarSettings settings, CorridorSettings corridor)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _context = context;
        _sensor = sensor;
        _codec = new ScanningSonarStepCodec(settings.MaxSamples);
        _feed = new ScanningSonarFeed(sensor, context, settings, corridor);
    }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var error = _codec.TryDecode(payload.Span, out var step);
        if (error != WireError.None)
        {
            _context.Errors.Report(_sensor, WireErrorNames.Of(error), WireErrorNames.Explain(error));
            return;
        }

        if (!await _feed.ProcessAsync(step!, start, receivedTimestamp, cancellationToken).ConfigureAwait(false))
        {
            _context.Errors.Report(_sensor, "rejected-step", "the scanning-sonar pipeline refused the step");
        }
    }
}
