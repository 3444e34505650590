using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// Where sensor handlers report the latest values the alarm rules watch, each stamped with its message time. Live,
/// that is the <see cref="AlarmHub"/>, which evaluates the rules at once; in offline processing, handlers on worker
/// threads report into an <see cref="AlarmReportRecorder"/>, whose reports are applied to the one real hub in
/// message order.
/// </summary>
public interface IAlarmSink
{
    /// <summary>Reports the altimeter's latest altitude.</summary>
    ValueTask AltitudeAsync(long timestampNs, float altitudeM, bool valid, CancellationToken cancellationToken);

    /// <summary>Reports the nearest obstacle in the corridor (NaN: none).</summary>
    ValueTask ObstacleAsync(long timestampNs, AlarmFeed feed, float rangeM, CancellationToken cancellationToken);

    /// <summary>Reports the slurry line's clog warning and sensor faults.</summary>
    ValueTask SlurryAsync(long timestampNs, bool clogWarning, ulong faults, CancellationToken cancellationToken);

    /// <summary>Reports that a feed updated, with nothing else to say (side-scan).</summary>
    ValueTask TouchAsync(long timestampNs, AlarmFeed feed, CancellationToken cancellationToken);
}
