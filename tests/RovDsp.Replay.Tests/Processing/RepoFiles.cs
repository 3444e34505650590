namespace RovDsp.Replay.Tests.Processing;

/// <summary>Files of the repository the tests run from: the shipped recordings and the replay CLI's build.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Recording(string file) => Path.Combine(Root, "recordings", file);

    /// <summary>The configuration this test assembly was built in (Release or Debug), from its output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    /// <summary>rovdsp-replay.dll of the same configuration (the test project builds it first).</summary>
    public static string ReplayCli => Path.Combine(Root, "src", "Replay", "Cli", "bin", Configuration, "net10.0", "rovdsp-replay.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RovDsp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RovDsp.sln not found above " + AppContext.BaseDirectory);
    }
}
