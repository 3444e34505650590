namespace RovDsp.Replay.Simulation;

/// <summary>What a staged obstacle is; it sets the shape and echo strength the sonar simulators give it.</summary>
public enum ObstacleKind
{
    /// <summary>A manganese-crusted boulder or rock outcrop, roughly round.</summary>
    Boulder,

    /// <summary>The riser's lower end and its flexible hose: a tall steel structure, a strong echo.</summary>
    Riser,

    /// <summary>Equipment lost on the seabed (a tool basket, a frame): steel, strong, with sharp edges.</summary>
    LostTool,
}
