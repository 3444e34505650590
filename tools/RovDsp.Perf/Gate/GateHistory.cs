using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RovDsp.Perf.Gate;

/// <summary>
/// The regression record: one JSON line per gate run (UTC timestamp, git commit when available, machine,
/// quick flag, every measured value), and the trend over those lines.
/// </summary>
public static class GateHistory
{
    /// <summary>Appends one run's figures to <paramref name="path"/>.</summary>
    public static void Append(string path, IReadOnlyDictionary<string, double> values, bool quick)
    {
        var measured = new JsonObject();
        foreach (var (k, v) in values)
        {
            measured[k] = double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
        }
        var line = new JsonObject
        {
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["commit"] = GitCommit(),
            ["machine"] = $"{Environment.MachineName}; {Environment.ProcessorCount} cores; {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; .NET {Environment.Version}",
            ["quick"] = quick,
            ["values"] = measured,
        };
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        File.AppendAllText(path, line.ToJsonString() + "\n");
    }

    /// <summary>Prints per metric: runs, first, last, min, max, median and the sign of the least-squares slope
    /// over run index ("+" rising, "-" falling, "~" when the fitted change over all runs is under 5 % of the
    /// median). Returns 0, or 2 when the file is missing or empty.</summary>
    public static int PrintTrend(string path, TextWriter output)
    {
        if (!File.Exists(path))
        {
            output.WriteLine($"trend: no history file at {path}");
            return 2;
        }
        var series = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        var runs = 0;
        foreach (var raw in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            using var doc = JsonDocument.Parse(raw);
            runs++;
            foreach (var p in doc.RootElement.GetProperty("values").EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number)
                {
                    if (!series.TryGetValue(p.Name, out var list))
                    {
                        series[p.Name] = list = [];
                    }
                    list.Add(p.Value.GetDouble());
                }
            }
        }
        if (runs == 0)
        {
            output.WriteLine($"trend: {path} holds no runs");
            return 2;
        }
        output.WriteLine($"trend over {runs} runs in {path}");
        output.WriteLine($"{"metric",-32} {"n",4} {"first",12} {"last",12} {"min",12} {"max",12} {"median",12} slope");
        foreach (var (name, v) in series)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-32} {v.Count,4} {v[0],12:G5} {v[^1],12:G5} {v.Min(),12:G5} {v.Max(),12:G5} {Measurement.Median(v),12:G5} {SlopeSign(v)}"));
        }
        return 0;
    }

    /// <summary>"+", "-" or "~" for the least-squares slope of <paramref name="v"/> against its index.</summary>
    public static string SlopeSign(IReadOnlyList<double> v)
    {
        var n = v.Count;
        if (n < 2)
        {
            return "~";
        }
        double mx = (n - 1) / 2.0, my = v.Average(), sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - mx) * (v[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        var change = sxy / sxx * (n - 1);
        var scale = Math.Abs(Measurement.Median(v));
        if (Math.Abs(change) <= 0.05 * scale || (scale == 0 && change == 0))
        {
            return "~";
        }
        return change > 0 ? "+" : "-";
    }

    private static string? GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
