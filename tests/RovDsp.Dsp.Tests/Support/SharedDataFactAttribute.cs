namespace RovDsp.Dsp.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that read real recordings from <c>shared/data</c>: skipped with a
/// clear message when the folder is absent outside CI, but run (and so fail) when CI=true, where the data
/// must be present.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the data folder is missing and CI is not "true".</summary>
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null && !SharedData.IsCi)
        {
            Skip = "shared/data (real sonar recordings) not found beside the repository root; set it up or run under CI=true to require it.";
        }
    }
}
