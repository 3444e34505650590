namespace RovDsp.Replay.Tests.Mcap;

/// <summary>A theory that needs Node and @mcap/core; see <see cref="NodeFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeTheoryAttribute : TheoryAttribute
{
    public NodeTheoryAttribute()
    {
        if (!McapInterop.IsCi && McapInterop.Unavailable is { } reason)
        {
            Skip = "MCAP interop skipped: " + reason;
        }
    }
}
