namespace RovDsp.Replay.Simulation;

/// <summary>The dives the simulator knows how to stage; each is also a shipped recording.</summary>
public enum ScenarioKind
{
    /// <summary>A nominal mining run: the collector crosses the seabed and mines on and off, no faults staged
    /// beyond ordinary sensor noise, spikes and dropouts.</summary>
    Nominal,

    /// <summary>A clog builds up in the riser and is cleared; one slurry sensor sticks for a while.</summary>
    Clog,

    /// <summary>An obstacle (a lost tool) lies in the collector's path.</summary>
    Obstacle,
}
