namespace RovDsp.Bridge.Workers;

/// <summary>What a sensor's queue does when its worker falls behind.</summary>
public enum OverflowPolicy
{
    /// <summary>Drop the oldest queued message and count it: for sonar, where the newest frame is the one a
    /// pilot needs and a stale one is worthless.</summary>
    DropOldest,

    /// <summary>Never drop: past the high-water mark the queue reports a backlog (the bridge raises an alarm),
    /// and when full the receive path waits for room, pushing back on the broker. For slurry samples, whose
    /// integral is the tonnes lifted.</summary>
    NeverDrop,
}
