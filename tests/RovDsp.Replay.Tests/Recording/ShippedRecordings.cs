using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Tests.Recording;

/// <summary>The shipped dives as recordings/README.md documents them: file, scenario, seed, duration.</summary>
internal static class ShippedRecordings
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(90);

    public static TheoryData<string, ScenarioKind, ulong> All => new()
    {
        { "nominal.mcap", ScenarioKind.Nominal, 1UL },
        { "clog.mcap", ScenarioKind.Clog, 2UL },
        { "obstacle.mcap", ScenarioKind.Obstacle, 3UL },
    };

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PathOf(string file) => Path.Combine(RepoRoot, "recordings", file);

    private static string FindRepoRoot()
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
