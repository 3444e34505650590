using System.Diagnostics;
using System.Reflection;

namespace RovDsp.Perf.Gate;

/// <summary>
/// Restarts the gate in a child process with tiered compilation off (<c>DOTNET_TieredCompilation=0</c>). With
/// tiering on, a hot method runs unoptimised tier-0 code until a background thread recompiles it, and on a
/// loaded 2-core machine that can take longer than any sensible warm-up (measured: FIR 64-tap ratio 0.37 with
/// tiering against 0.058 without). Fully optimised code from the first call is what steady state looks like.
/// </summary>
public static class GateLauncher
{
    private const string Variable = "DOTNET_TieredCompilation";

    /// <summary>True when this process already runs without tiered compilation.</summary>
    public static bool TieringOff => Environment.GetEnvironmentVariable(Variable) == "0";

    /// <summary>Runs <paramref name="args"/> in a child process without tiering, sharing this console; returns
    /// its exit code, or null when the child cannot be started (the caller then runs in process).</summary>
    public static int? RunChild(string[] args)
    {
        var host = Environment.ProcessPath;
        if (host is null)
        {
            return null;
        }
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Under `dotnet RovDsp.Perf.dll` the host is dotnet itself and needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment[Variable] = "0";
        using var child = Process.Start(start);
        if (child is null)
        {
            return null;
        }
        child.WaitForExit();
        return child.ExitCode;
    }
}
