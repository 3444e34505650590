namespace RovDsp.Processing.Feeds;

/// <summary>The <see cref="AlarmHub"/> input method an <see cref="AlarmInput"/> stands for.</summary>
public enum AlarmInputKind : byte
{
    /// <summary><see cref="AlarmHub.AltitudeAsync"/>.</summary>
    Altitude,

    /// <summary><see cref="AlarmHub.ObstacleAsync"/>.</summary>
    Obstacle,

    /// <summary><see cref="AlarmHub.SlurryAsync"/>.</summary>
    Slurry,

    /// <summary><see cref="AlarmHub.TouchAsync"/>.</summary>
    Touch,
}
