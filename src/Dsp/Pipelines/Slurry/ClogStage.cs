namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>The clog/settling detector's verdict.</summary>
public enum ClogStage : byte
{
    /// <summary>Flow clear, or the detector has no valid inputs yet.</summary>
    Clear = 0,

    /// <summary>Warning: velocity has fallen toward the deposition velocity while the frictional pressure
    /// difference rose (solids are settling; act before the line blocks).</summary>
    Settling = 1,

    /// <summary>Warning and the velocity is below the deposition velocity itself: a bed is forming.</summary>
    BelowDeposition = 2,
}
