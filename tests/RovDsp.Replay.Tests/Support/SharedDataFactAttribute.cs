namespace RovDsp.Replay.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that read real recordings from <c>shared/data</c>: skipped with a
/// clear message when the folder is absent outside CI, but run (and so fail) when CI=true, where the data
/// must be present.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>The skip message used when the data folder is absent outside CI.</summary>
    public const string MissingDataMessage =
        "shared/data (real sonar recordings) not found beside the repository root; set it up or run under CI=true to require it.";

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the data folder is missing and CI is not "true".</summary>
    public SharedDataFactAttribute()
    {
        Skip = SkipReason(SharedData.Directory is not null, SharedData.IsCi);
    }

    /// <summary>The skip reason for the given situation, or null when the test must run.</summary>
    /// <param name="dataPresent">Whether shared/data was found.</param>
    /// <param name="isCi">Whether CI=true (then a missing folder must fail the test, not skip it).</param>
    public static string? SkipReason(bool dataPresent, bool isCi) => dataPresent || isCi ? null : MissingDataMessage;
}
