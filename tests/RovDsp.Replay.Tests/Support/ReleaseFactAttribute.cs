namespace RovDsp.Replay.Tests.Support;

/// <summary>A fact that only means something in an optimised build (speed ratios): skipped in Debug.</summary>
public sealed class ReleaseFactAttribute : FactAttribute
{
    public ReleaseFactAttribute()
    {
#if DEBUG
        Skip = "speed ratios are measured in Release builds only";
#endif
    }
}
