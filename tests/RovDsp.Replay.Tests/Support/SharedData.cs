namespace RovDsp.Replay.Tests.Support;

/// <summary>
/// Locates the real third-party recordings in <c>shared/data</c>, which lives beside the repository root
/// (the repository is cloned as <c>main/</c> with <c>shared/</c> next to it) and is never copied into the repo.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The <c>shared/data</c> folder, or null when no ancestor of the test binaries has one.</summary>
    public static string? Directory => Root.Value;

    /// <summary>True when the CI environment variable is "true" (missing data must then fail, not skip).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes of <c>shared/data/{relativePath}</c>; fails clearly when the folder is absent.</summary>
    public static byte[] Read(string relativePath)
    {
        var root = Directory ?? throw new DirectoryNotFoundException(
            $"shared/data not found above {AppContext.BaseDirectory}; it must sit beside the repository root (required under CI=true).");
        return File.ReadAllBytes(Path.Combine(root, relativePath));
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
