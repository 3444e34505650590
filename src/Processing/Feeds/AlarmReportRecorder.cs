using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// The offline <see cref="IAlarmSink"/>: evaluates nothing, hands each report as an <see cref="AlarmReport"/> to
/// <c>record</c>. Offline processing runs handlers on worker threads against one recorder each and replays the
/// reports into the real <see cref="AlarmHub"/> in message order (<see cref="AlarmHub.ApplyAsync"/>), so the alarms
/// are the same whichever thread finishes first.
/// </summary>
public sealed class AlarmReportRecorder : IAlarmSink
{
    private readonly Action<AlarmReport> _record;

    /// <summary>Hands every report to <paramref name="record"/>.</summary>
    public AlarmReportRecorder(Action<AlarmReport> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _record = record;
    }

    /// <inheritdoc/>
    public ValueTask AltitudeAsync(long timestampNs, float altitudeM, bool valid, CancellationToken cancellationToken) =>
        Record(new AlarmReport(AlarmReportKind.Altitude, timestampNs, AlarmFeed.Altimeter, altitudeM, valid, 0));

    /// <inheritdoc/>
    public ValueTask ObstacleAsync(long timestampNs, AlarmFeed feed, float rangeM, CancellationToken cancellationToken) =>
        Record(new AlarmReport(AlarmReportKind.Obstacle, timestampNs, feed, rangeM, false, 0));

    /// <inheritdoc/>
    public ValueTask SlurryAsync(long timestampNs, bool clogWarning, ulong faults, CancellationToken cancellationToken) =>
        Record(new AlarmReport(AlarmReportKind.Slurry, timestampNs, AlarmFeed.Slurry, float.NaN, clogWarning, faults));

    /// <inheritdoc/>
    public ValueTask TouchAsync(long timestampNs, AlarmFeed feed, CancellationToken cancellationToken) =>
        Record(new AlarmReport(AlarmReportKind.Touch, timestampNs, feed, float.NaN, false, 0));

    private ValueTask Record(in AlarmReport report)
    {
        _record(report);
        return ValueTask.CompletedTask;
    }
}
