namespace RovDsp.Bridge.Tests.Support;

/// <summary>Files of the repository the tests read (the shipped recordings).</summary>
public static class RepoFiles
{
    /// <summary>The folder holding RovDsp.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A shipped recording, recordings/<paramref name="file"/>.</summary>
    public static string Recording(string file) => Path.Combine(Root, "recordings", file);

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
