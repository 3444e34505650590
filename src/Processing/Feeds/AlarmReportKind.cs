namespace RovDsp.Processing.Feeds;

/// <summary>The <see cref="IAlarmSink"/> method an <see cref="AlarmReport"/> stands for.</summary>
public enum AlarmReportKind : byte
{
    /// <summary><see cref="IAlarmSink.AltitudeAsync"/>.</summary>
    Altitude,

    /// <summary><see cref="IAlarmSink.ObstacleAsync"/>.</summary>
    Obstacle,

    /// <summary><see cref="IAlarmSink.SlurryAsync"/>.</summary>
    Slurry,

    /// <summary><see cref="IAlarmSink.TouchAsync"/>.</summary>
    Touch,
}
