using System.Diagnostics;
using System.Text.Json;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// Runs the Node scripts in tests/mcap-interop (Foxglove's @mcap/core and @foxglove/schemas, and ajv, pinned by the
/// committed package-lock.json). Installs node_modules with `npm ci` when any of them is missing. Without node/npm the interop tests are skipped locally
/// and fail under CI=true.
/// </summary>
internal static class McapInterop
{
    private static readonly Lazy<string?> Problem = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Directory => Path.Combine(RepoRoot, "tests", "mcap-interop");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when node and the packages are ready; otherwise why not.</summary>
    public static string? Unavailable => Problem.Value;

    /// <summary>Runs `node script args` in tests/mcap-interop and parses its stdout as JSON.</summary>
    public static JsonElement RunJson(string script, params string[] args)
    {
        string output = Run("node", [script, .. args], TimeSpan.FromSeconds(120));
        using JsonDocument doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    private static string? Prepare()
    {
        if (!CanRun("node", "--version"))
        {
            return "node is not on PATH (install Node 20 to run the @mcap/core interop tests)";
        }
        string[] packages = [Path.Combine("@mcap", "core"), Path.Combine("@foxglove", "schemas"), "ajv"];
        if (packages.All(p => File.Exists(Path.Combine(Directory, "node_modules", p, "package.json"))))
        {
            return null;
        }
        if (!CanRun("npm", "--version"))
        {
            return "npm is not on PATH and tests/mcap-interop/node_modules is missing";
        }
        try
        {
            Run("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        }
        catch (InvalidOperationException e)
        {
            return "npm ci in tests/mcap-interop failed: " + e.Message;
        }
        return null;
    }

    private static bool CanRun(string program, string arg)
    {
        try
        {
            Run(program, [arg], TimeSpan.FromSeconds(30));
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string Run(string program, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} timed out after {timeout}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }

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
