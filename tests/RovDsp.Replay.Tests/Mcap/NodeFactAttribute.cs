namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// A fact that needs Node and @mcap/core: skipped with the reason when they are unavailable locally; under CI=true
/// it runs anyway, so the missing tool fails the test instead of hiding it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!McapInterop.IsCi && McapInterop.Unavailable is { } reason)
        {
            Skip = "MCAP interop skipped: " + reason;
        }
    }
}
