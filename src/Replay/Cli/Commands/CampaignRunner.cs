using System.Diagnostics;
using System.Globalization;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// Runs a campaign's dives, at most <c>jobs</c> at once, each in a process of its own (this executable's hidden
/// <c>campaign-dive</c> command). A process per dive is what makes a dive's failure (a corrupt file, an exception,
/// even a crash or running out of memory) its own: the others go on and the failure is a row in the report. It also
/// bounds memory (each process returns all it held when its dive ends, so N jobs hold at most N dives' worth, never
/// a growing heap) and lets each dive measure its own CPU time and peak memory.
/// </summary>
internal sealed class CampaignRunner
{
    /// <summary>Characters of a failed job's standard error kept for its error message.</summary>
    private const int ErrorTail = 2000;

    private readonly int _jobs;
    private readonly IReadOnlyList<string> _forward;
    private readonly List<Process> _running = [];

    /// <summary>Creates a runner of <paramref name="jobs"/> parallel jobs, passing <paramref name="forward"/> (the
    /// processing options: vehicle, image rate, compression, plots) to each.</summary>
    public CampaignRunner(int jobs, IReadOnlyList<string> forward)
    {
        _jobs = jobs;
        _forward = forward;
    }

    /// <summary>Processes <paramref name="dives"/> into folders under <paramref name="root"/>; returns their
    /// summaries in the same order, failed dives with their error.</summary>
    public IReadOnlyList<DiveSummary> Run(IReadOnlyList<(string Path, string Folder)> dives, string root, CampaignProgress progress)
    {
        var summaries = new DiveSummary[dives.Count];
        // A stop (Ctrl+C reaches the children itself; SIGTERM from a batch system does not) ends the children too.
        using var stop = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => KillAll());
        // One thread per job takes the next dive in input order; each waits on its child process, so plain threads
        // (not the thread pool, which would add blocked threads only slowly).
        var next = -1;
        var threads = Enumerable.Range(0, Math.Min(_jobs, dives.Count)).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < dives.Count; i = Interlocked.Increment(ref next))
            {
                var (path, folder) = dives[i];
                progress.Started(i, folder);
                var index = i;
                summaries[i] = RunOne(path, folder, Path.Combine(root, folder), f => progress.Report(index, f));
                progress.Finished(i, summaries[i]);
            }
        }) { IsBackground = true, Name = "campaign job" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return summaries;
    }

    private DiveSummary RunOne(string input, string folderName, string folder, Action<double> report)
    {
        Directory.CreateDirectory(folder);
        var summaryPath = Path.Combine(folder, DiveSummary.FileName);
        // A summary left by an earlier run must not stand for this one.
        File.Delete(summaryPath);
        var (host, prefix) = Host();
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat([CampaignDiveCommand.Name, input, "-o", folder, "--folder-name", folderName]).Concat(_forward))
        {
            start.ArgumentList.Add(argument);
        }

        var error = new System.Text.StringBuilder();
        int exitCode;
        using (var process = new Process { StartInfo = start })
        {
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith(CampaignDiveCommand.ProgressPrefix, StringComparison.Ordinal)
                    && double.TryParse(line.AsSpan(CampaignDiveCommand.ProgressPrefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
                {
                    report(f);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (error)
                    {
                        error.Append(line).Append('\n');
                        if (error.Length > 2 * ErrorTail)
                        {
                            error.Remove(0, error.Length - ErrorTail);
                        }
                    }
                }
            };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return Failed(input, folderName, summaryPath, $"could not start {host}: {e.Message}");
            }

            lock (_running)
            {
                _running.Add(process);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            lock (_running)
            {
                _running.Remove(process);
            }

            exitCode = process.ExitCode;
        }

        if (exitCode == 0 && File.Exists(summaryPath))
        {
            return DiveSummary.Read(summaryPath);
        }

        string text;
        lock (error)
        {
            text = error.ToString().Trim();
        }

        // The job's own "error: ..." line says it best; a crash leaves a stack trace, whose first line names the exception.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var reason = lines.FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal))?["error: ".Length..]
                     ?? lines.FirstOrDefault() ?? "no message";
        return Failed(input, folderName, summaryPath, string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}: {reason}"));
    }

    /// <summary>The failed dive's summary, also written into its folder so a report rebuilt from the folders lists it.</summary>
    private static DiveSummary Failed(string input, string folderName, string summaryPath, string error)
    {
        var summary = new DiveSummary { Input = input, Folder = folderName, Error = error };
        summary.Write(summaryPath);
        return summary;
    }

    private void KillAll()
    {
        lock (_running)
        {
            foreach (var process in _running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
    }

    /// <summary>How to start this executable again: its apphost, or the dotnet host with rovdsp-replay.dll (also
    /// when the command runs inside another host, such as the test runner).</summary>
    private static (string Host, string[] Prefix) Host()
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(CampaignRunner).Assembly.Location;
        var name = Path.GetFileNameWithoutExtension(self);
        if (name == Path.GetFileNameWithoutExtension(dll))
        {
            return (self, []);
        }

        var dotnet = name == "dotnet" ? self : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (dotnet, [dll]);
    }
}
