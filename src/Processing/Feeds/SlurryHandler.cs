using System.Diagnostics;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// One slurry line: all of the line's sensor samples arrive on one raw topic (each sample carries its channel),
/// so they are processed in arrival order on one worker by one <see cref="SlurryLinePipeline"/>. The slurry feed
/// (JSON) goes out at most <see cref="PublishRateHz"/> times a second of message time (8 sensors at 100 Hz
/// would otherwise make 800 feed messages a second of the same state), and always when the clog stage or the
/// sensor health changes.
/// </summary>
public sealed class SlurryHandler : ISensorHandler
{
    private readonly HandlerContext _context;
    private readonly string _sensor;
    private readonly string _topic;
    private readonly SlurryLinePipeline _pipeline;
    private readonly JsonFeedBuffer _json = new();
    private readonly long _intervalNs;
    private long _lastPublishedNs = long.MinValue;
    private ClogStage _lastStage;
    private ulong _lastHealth;

    // A checkpoint reads the totals from its timer while the worker processes: the pipeline is touched under this lock
    // (uncontended but for one read a checkpoint interval; it allocates nothing).
    private readonly object _totalsGate = new();

    /// <summary>Creates the handler.</summary>
    public SlurryHandler(string sensor, HandlerContext context, SlurryLineSettings settings, double publishRateHz = 10.0)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!(publishRateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(publishRateHz), publishRateHz, "publishRateHz must be positive");
        }

        _context = context;
        _sensor = sensor;
        _topic = context.Topics.Feed(FeedNames.Slurry, sensor);
        _pipeline = new SlurryLinePipeline(settings);
        PublishRateHz = publishRateHz;
        _intervalNs = (long)(1e9 / publishRateHz);
    }

    /// <summary>Largest feed rate, per second of message time.</summary>
    public double PublishRateHz { get; }

    /// <summary>The pipeline (for its per-sensor counters).</summary>
    public SlurryLinePipeline Pipeline => _pipeline;

    /// <summary>The day's totals now, for a checkpoint (safe from any thread).</summary>
    public SlurryTotals Totals
    {
        get
        {
            lock (_totalsGate)
            {
                return _pipeline.Totals;
            }
        }
    }

    /// <summary>The day's totals with the readings received but not yet counted, taken together for a checkpoint (safe
    /// from any thread; <see cref="SlurryLinePipeline.CaptureAlignment"/>).</summary>
    public (SlurryTotals Totals, SlurryAlignmentSnapshot? Alignment) Capture()
    {
        lock (_totalsGate)
        {
            return (_pipeline.Totals, _pipeline.CaptureAlignment());
        }
    }

    /// <summary>Carries on a checkpoint's received-but-not-counted readings (<see cref="SlurryLinePipeline.RestoreAlignment"/>);
    /// after <see cref="RestoreTotals"/>, before the first message.</summary>
    public void RestoreAlignment(SlurryAlignmentSnapshot snapshot)
    {
        lock (_totalsGate)
        {
            _pipeline.RestoreAlignment(snapshot);
        }
    }

    /// <summary>Restores totals from before a restart (<see cref="SlurryLinePipeline.RestoreTotals"/>: taken up by the
    /// first reading if it is the same day). Call before the first message.</summary>
    public void RestoreTotals(in SlurryTotals totals)
    {
        lock (_totalsGate)
        {
            _pipeline.RestoreTotals(totals);
        }
    }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(ReadOnlyMemory<byte> payload, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var error = SlurrySampleCodec.TryDecode(payload.Span, out var sample, out var ageUs);
        if (error != WireError.None)
        {
            _context.Errors.Report(_sensor, WireErrorNames.Of(error), WireErrorNames.Explain(error));
            return;
        }

        SlurryLineState state;
        lock (_totalsGate)
        {
            state = _pipeline.Process(sample);
        }

        var t = state.Stamp.TimestampNs;
        var changed = state.ClogStage != _lastStage || state.Health.Packed != _lastHealth;
        if (!changed && t - _lastPublishedNs < _intervalNs && t >= _lastPublishedNs)
        {
            _context.Processing.RecordSince(start);
            return;
        }

        _lastPublishedNs = t;
        _lastStage = state.ClogStage;
        _lastHealth = state.Health.Packed;
        // The reading's age goes on from what its publisher said (a PLC poller: since the Modbus response arrived)
        // plus this bridge's time since the raw message came in; the MQTT hop between them is not in it.
        var body = Write(state, ageUs < 0 ? -1 : ageUs + (long)Stopwatch.GetElapsedTime(receivedTimestamp).TotalMicroseconds);
        _context.Processing.RecordSince(start);
        await _context.Feeds.PublishAsync(_topic, body, "application/json", 5, false, cancellationToken).ConfigureAwait(false);
        _context.EndToEnd.RecordSince(receivedTimestamp);
        await _context.Alarms.SlurryAsync(t, state.ClogWarning, state.Health.Packed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The slurry feed's JSON for <paramref name="s"/> (fields in docs/topics.md); <c>ageUs</c> is written when
    /// <paramref name="ageUs"/> is not negative (the newest reading's age, µs).</summary>
    public ReadOnlyMemory<byte> Write(in SlurryLineState s, long ageUs = -1)
    {
        var json = _json.Begin();
        json.WriteStartObject();
        JsonFeedBuffer.Stamp(json, s.Stamp);
        JsonFeedBuffer.Number(json, "velocityMps", s.VelocityMps, 3);
        JsonFeedBuffer.Number(json, "flowM3h", s.FlowM3PerHour, 2);
        JsonFeedBuffer.Number(json, "densityKgM3", s.MixtureDensityKgM3, 1);
        JsonFeedBuffer.Number(json, "cv", s.VolumetricConcentration, 4);
        JsonFeedBuffer.Number(json, "mixtureTph", s.MixtureMassFlowTph, 3);
        JsonFeedBuffer.Number(json, "drySolidsTph", s.DrySolidsTph, 3);
        JsonFeedBuffer.Number(json, "dryTonnesToday", s.DryTonnesToday, 3);
        JsonFeedBuffer.Number(json, "wetTonnesToday", s.WetTonnesToday, 3);
        JsonFeedBuffer.Number(json, "dryProgress", s.DryProgress, 4);
        JsonFeedBuffer.Number(json, "projectedDryTonnes", s.ProjectedDryTonnesEndOfDay, 1);
        JsonFeedBuffer.Number(json, "differentialPressureKPa", s.DifferentialPressureKPa, 2);
        JsonFeedBuffer.Number(json, "depositionVelocityMps", s.DepositionVelocityMps, 3);
        json.WriteBoolean("clogWarning", s.ClogWarning);
        json.WriteString("clogStage", StageName(s.ClogStage));
        JsonFeedBuffer.Number(json, "clogLevel", s.ClogLevel, 3);
        SlurryFaultsJson.Write(json, s.Health);
        if (ageUs >= 0)
        {
            json.WriteNumber("ageUs", ageUs);
        }
        json.WriteEndObject();
        return _json.End();
    }

    private static string StageName(ClogStage stage) => stage switch
    {
        ClogStage.Clear => "clear",
        ClogStage.Settling => "settling",
        ClogStage.BelowDeposition => "below-deposition",
        _ => "unknown",
    };
}
