using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The report of a campaign (<c>rovdsp-replay process DIR... --jobs N</c>): per UTC day the tonnes, alarms by kind,
/// obstacle reports and altitude quality (<see cref="CampaignDay"/>), per dive the same plus its processing speed,
/// and the dives that failed with their errors. Written as <c>{name}.md</c>, <c>{name}.csv</c> (one row per day),
/// <c>{name}-dives.csv</c> (one row per dive) and <c>{name}.json</c>. Only the speed figures (the <c>speed</c> object
/// and the dives' timing fields) differ between runs of the same inputs.
/// </summary>
/// <param name="Dives">Every dive of the run, processed or failed, in input order.</param>
/// <param name="Jobs">Dives processed at once; 0 for a report assembled from the dives' summaries (<c>--report-only</c>).</param>
/// <param name="WallSeconds">Wall time of the whole run, seconds (NaN when assembled).</param>
public sealed record CampaignReport(IReadOnlyList<DiveSummary> Dives, int Jobs, double WallSeconds)
{
    /// <summary>The per-day totals.</summary>
    public IReadOnlyList<CampaignDay> Days => CampaignDay.Of(Dives);

    /// <summary>The dives that failed.</summary>
    public IEnumerable<DiveSummary> Failed => Dives.Where(d => d.Error is not null);

    /// <summary>CPU seconds of the processed dives' jobs per hour of recorded dive: what sizes a machine for a campaign
    /// (hours of dives × this ÷ cores ≈ wall seconds, when the jobs keep every core busy).</summary>
    public double CpuSecondsPerDiveHour
    {
        get
        {
            var ok = Dives.Where(d => d.Error is null).ToList();
            var hours = ok.Sum(d => d.DurationSeconds) / 3600;
            return hours > 0 ? ok.Sum(d => d.CpuSeconds) / hours : double.NaN;
        }
    }

    /// <summary>Writes the four files into <paramref name="folder"/>; returns their names.</summary>
    /// <param name="folder">The campaign folder.</param>
    /// <param name="name">Base name: <c>campaign</c>, or <c>campaign-{k}-of-{n}</c> for one indexed part.</param>
    public IReadOnlyList<string> Write(string folder, string name = "campaign")
    {
        Directory.CreateDirectory(folder);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllText(Path.Combine(folder, name + ".md"), Markdown(), utf8);
        File.WriteAllText(Path.Combine(folder, name + ".csv"), DaysCsv(), utf8);
        File.WriteAllText(Path.Combine(folder, name + "-dives.csv"), DivesCsv(), utf8);
        File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(new
        {
            days = Days,
            dives = Dives,
            speed = new { jobs = Jobs, wallSeconds = WallSeconds, cpuSecondsPerDiveHour = CpuSecondsPerDiveHour },
        }, DiveSummary.Json), utf8);
        return [name + ".md", name + ".csv", name + "-dives.csv", name + ".json"];
    }

    /// <summary>The Markdown report.</summary>
    public string Markdown()
    {
        var c = CultureInfo.InvariantCulture;
        var ok = Dives.Count(d => d.Error is null);
        var md = new StringBuilder();
        md.Append("# Campaign report\n\n");
        md.Append(c, $"- Dives: {Dives.Count}, processed {ok}, **failed {Dives.Count - ok}**\n");
        md.Append(c, $"- Recorded: {Dives.Where(d => d.Error is null).Sum(d => d.DurationSeconds) / 3600:F2} h of dives\n");
        md.Append(Jobs > 0
                ? string.Create(c, $"- Run: {Jobs} job(s) at once, {WallSeconds:F1} s wall, ")
                : "- Run: assembled from the dives' summaries (a split campaign), ")
            .Append(c, $"{Dives.Sum(d => d.CpuSeconds):F1} CPU-s, ")
            .Append(c, $"**{F(CpuSecondsPerDiveHour, "F0")} CPU-s per dive-hour**\n");
        md.Append("\nDays are UTC days of the recorded data; a dive counts whole under the day it started on (a dive that runs ")
            .Append("past midnight is marked). Tonnes lifted: the slurry feed's tonnes-today counter summed over the operating days ")
            .Append("the dive touches. Altitude: valid fraction pooled over the estimates, RMS pooled over the samples compared with ")
            .Append("truth, p99 the worst dive's (the figures each dive's report.md gives).\n");

        md.Append("\n## Per day\n\n| day | dives | hours | dry t | wet t | alarms raised | obstacles reported | altitude valid | altitude RMS | worst altitude p99 | CPU-s |\n")
            .Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var d in Days)
        {
            md.Append(c, $"| {d.Day} | {d.Dives} | {d.DiveHours:F2} | {F(d.DryTonnes, "F3")} | {F(d.WetTonnes, "F3")} | {Alarms(d.AlarmsRaised)} | ")
                .Append(c, $"{d.ObstacleReports} | {F(d.AltitudeValidFraction * 100, "F1", " %")} | {F(d.AltitudeRmsM * 100, "F1", " cm")} | ")
                .Append(c, $"{F(d.AltitudeWorstP99M * 100, "F1", " cm")} | {d.CpuSeconds:F1} |\n");
        }

        md.Append("\n## Per dive\n\n| dive | day | span | dry t | wet t | alarms raised | obstacles reported | altitude valid | altitude RMS | altitude p99 | speed | CPU-s | peak memory |\n")
            .Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var d in Dives.Where(d => d.Error is null))
        {
            md.Append(c, $"| [{d.Folder}]({d.Folder}/report.md) | {d.Day}{(d.CrossesMidnight ? " (past midnight)" : "")} | {d.DurationSeconds:F0} s | ")
                .Append(c, $"{F(d.DryTonnes, "F3")} | {F(d.WetTonnes, "F3")} | {Alarms(d.AlarmsRaised)} | ")
                .Append(c, $"{string.Join(", ", d.ObstacleReports.Select(o => $"{o.Key} {o.Value}"))} | ")
                .Append(c, $"{F(d.AltitudeValidFraction * 100, "F1", " %")} | {F(d.AltitudeRmsM * 100, "F1", " cm")} | {F(d.AltitudeP99M * 100, "F1", " cm")} | ")
                .Append(c, $"{d.RealTimeFactor:F0}x | {d.CpuSeconds:F1} | {d.PeakMemoryBytes / 1e6:F0} MB |\n");
        }

        if (Dives.Count > ok)
        {
            md.Append("\n## Failed dives\n\n| recording | error |\n|---|---|\n");
            foreach (var d in Failed)
            {
                md.Append(c, $"| `{d.Input}` | {d.Error!.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }

        md.Append("\nSpeed: recorded time over the processing's wall time; CPU-s and peak memory are the dive's whole job ")
            .Append("(its own process: processing, CSVs, plots, report).\n");
        return md.ToString();
    }

    /// <summary>One row per day; alarm kinds as columns <c>alarm:{name}</c> (every name the campaign raised).</summary>
    public string DaysCsv()
    {
        var c = CultureInfo.InvariantCulture;
        var names = AlarmNames();
        var csv = new StringBuilder("day,dives,diveHours,dryTonnes,wetTonnes,obstacleReports,altitudeEstimates,altitudeValidFraction,altitudeSamples,altitudeRmsM,altitudeWorstP99M,cpuSeconds");
        foreach (var name in names)
        {
            csv.Append(",alarm:").Append(name);
        }

        csv.Append('\n');
        foreach (var d in Days)
        {
            csv.Append(c, $"{d.Day},{d.Dives},{d.DiveHours:R},{d.DryTonnes:R},{d.WetTonnes:R},{d.ObstacleReports},{d.AltitudeEstimates},")
                .Append(c, $"{d.AltitudeValidFraction:R},{d.AltitudeSamples},{d.AltitudeRmsM:R},{d.AltitudeWorstP99M:R},{d.CpuSeconds:R}");
            foreach (var name in names)
            {
                csv.Append(',').Append(d.AlarmsRaised.GetValueOrDefault(name).ToString(c));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>One row per dive, failed ones with their error and empty figures.</summary>
    public string DivesCsv()
    {
        var c = CultureInfo.InvariantCulture;
        var names = AlarmNames();
        var csv = new StringBuilder("input,folder,day,startNs,endNs,durationSeconds,rawMessages,dryTonnes,wetTonnes,obstacleReports,altitudeEstimates,")
            .Append("altitudeValidFraction,altitudeSamples,altitudeRmsM,altitudeP99M,realTimeFactor,processingSeconds,jobSeconds,cpuSeconds,peakMemoryBytes,error");
        foreach (var name in names)
        {
            csv.Append(",alarm:").Append(name);
        }

        csv.Append('\n');
        foreach (var d in Dives)
        {
            csv.Append(Quote(d.Input)).Append(',').Append(Quote(d.Folder)).Append(',');
            if (d.Error is null)
            {
                csv.Append(c, $"{d.Day},{d.StartNs},{d.EndNs},{d.DurationSeconds:R},{d.RawMessages},{d.DryTonnes:R},{d.WetTonnes:R},")
                    .Append(c, $"{d.ObstacleReports.Values.Sum()},{d.AltitudeEstimates},{d.AltitudeValidFraction:R},{d.AltitudeSamples},")
                    .Append(c, $"{d.AltitudeRmsM:R},{d.AltitudeP99M:R},{d.RealTimeFactor:R},{d.ProcessingSeconds:R},{d.JobSeconds:R},")
                    .Append(c, $"{d.CpuSeconds:R},{d.PeakMemoryBytes},");
            }
            else
            {
                // The 18 figure columns stay empty.
                csv.Append(',', 18).Append(Quote(d.Error));
            }

            foreach (var name in names)
            {
                csv.Append(',');
                if (d.Error is null)
                {
                    csv.Append(d.AlarmsRaised.GetValueOrDefault(name).ToString(c));
                }
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private List<string> AlarmNames() =>
        Dives.SelectMany(d => d.AlarmsRaised.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string Alarms(SortedDictionary<string, int> alarms) =>
        alarms.Count == 0 ? "none" : string.Join(", ", alarms.Select(a => $"{a.Key} {a.Value}"));

    private static string F(double value, string format, string unit = "") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + unit : "n/a";

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
