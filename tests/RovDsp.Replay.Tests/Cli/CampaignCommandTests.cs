using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RovDsp.Replay.Processing;
using RovDsp.Replay.Tests.Processing;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>
/// <c>rovdsp-replay process DIR --jobs N</c> on a small campaign with a corrupt recording (<see cref="CampaignFixture"/>),
/// run as a user runs it. The expected figures come from independent single-dive runs of <c>process</c> on the same
/// files (their CSVs and report.md), never from the campaign code.
/// </summary>
public sealed class CampaignCommandTests : IClassFixture<CampaignFixture>
{
    private readonly CampaignFixture _campaign;
    private readonly ITestOutputHelper _output;

    public CampaignCommandTests(CampaignFixture campaign, ITestOutputHelper output)
    {
        _campaign = campaign;
        _output = output;
    }

    private string Jobs2 => Path.Combine(_campaign.Root, "jobs2");

    [Fact]
    public void A_corrupt_dive_fails_alone_and_the_day_totals_match_single_dive_runs()
    {
        var (code, stdout, stderr) = _campaign.Jobs2;
        _output.WriteLine(stdout + stderr);
        Assert.Equal(5, code);
        Assert.Contains("bad-cut.mcap", stderr, StringComparison.Ordinal);
        // Not a terminal: plain progress lines, one per dive.
        Assert.Contains("[4/4]", stdout, StringComparison.Ordinal);
        Assert.Contains("FAILED", stdout, StringComparison.Ordinal);

        // Every good dive has its own complete folder; the bad one is listed with its error.
        foreach (var (name, _) in CampaignFixture.Good)
        {
            Assert.True(File.Exists(Path.Combine(Jobs2, name, "processed.mcap")), name);
            Assert.True(File.Exists(Path.Combine(Jobs2, name, "report.md")), name);
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Jobs2, "campaign.json")))!;
        var dives = json["dives"]!.AsArray();
        Assert.Equal(4, dives.Count);
        var bad = Assert.Single(dives, d => d!["folder"]!.GetValue<string>() == "bad-cut")!;
        Assert.Contains("rovdsp-replay repair", bad["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(dives.Where(d => d!["folder"]!.GetValue<string>() != "bad-cut"), d => Assert.Null(d!["error"]));
        var md = File.ReadAllText(Path.Combine(Jobs2, "campaign.md"));
        Assert.Contains("## Failed dives", md, StringComparison.Ordinal);
        Assert.Contains("bad-cut.mcap", md, StringComparison.Ordinal);

        // Independent single-dive runs of the good files: the oracle.
        var singles = new Dictionary<string, Single>(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.Combine(_campaign.Root, "single"));
        foreach (var (name, _) in CampaignFixture.Good)
        {
            var folder = Path.Combine(_campaign.Root, "single", name);
            var run = CampaignFixture.Run(["process", Path.Combine(_campaign.Inputs, name + ".mcap"), "-o", folder, "--no-plots"]);
            Assert.True(run.ExitCode == 0, run.Error);
            singles[name] = Single.Read(folder);
        }

        var days = ReadCsv(Path.Combine(Jobs2, "campaign.csv"));
        Assert.Equal(["2027-01-15", "2027-01-16"], days.Select(d => d["day"]));
        foreach (var day in days)
        {
            var of = CampaignFixture.Good.Where(g => g.Day == day["day"]).Select(g => singles[g.Name]).ToList();
            Assert.Equal(of.Count.ToString(CultureInfo.InvariantCulture), day["dives"]);
            Assert.Equal(of.Sum(s => s.DryTonnes), Number(day["dryTonnes"]), 9);
            Assert.Equal(of.Sum(s => s.WetTonnes), Number(day["wetTonnes"]), 9);
            Assert.Equal(of.Sum(s => s.ObstacleReports), long.Parse(day["obstacleReports"], CultureInfo.InvariantCulture));
            var alarms = of.SelectMany(s => s.AlarmsRaised).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
            foreach (var column in day.Keys.Where(k => k.StartsWith("alarm:", StringComparison.Ordinal)))
            {
                Assert.Equal(alarms.GetValueOrDefault(column["alarm:".Length..]), int.Parse(day[column], CultureInfo.InvariantCulture));
            }

            Assert.All(alarms.Keys, a => Assert.True(day.ContainsKey("alarm:" + a), $"alarm {a} has no column"));
            Assert.Equal((double)of.Sum(s => s.AltitudeValid) / of.Sum(s => s.AltitudeEstimates), Number(day["altitudeValidFraction"]), 9);
            // report.md prints the RMS to 0.1 cm: pool the printed values, within that rounding.
            var samples = of.Sum(s => s.AltitudeSamples);
            var rms = Math.Sqrt(of.Sum(s => s.AltitudeSamples * s.AltitudeRmsCm * s.AltitudeRmsCm) / samples);
            Assert.Equal(samples, int.Parse(day["altitudeSamples"], CultureInfo.InvariantCulture));
            Assert.InRange(Number(day["altitudeRmsM"]) * 100, rms - 0.06, rms + 0.06);
        }

        Assert.True(singles.Values.Sum(s => s.AlarmsRaised.Values.Sum()) > 0, "the dives raise alarms");
        Assert.True(singles.Values.Sum(s => s.DryTonnes) > 0, "the dives lift something");

        // Each dive's speed is in the report: real-time factor and CPU seconds of its own process.
        foreach (var dive in dives.Where(d => d!["error"] is null))
        {
            Assert.True(dive!["realTimeFactor"]!.GetValue<double>() > 0);
            Assert.True(dive["cpuSeconds"]!.GetValue<double>() > 0);
            Assert.True(dive["peakMemoryBytes"]!.GetValue<long>() > 10_000_000);
        }
    }

    [Fact]
    public void Jobs_1_gives_the_report_and_files_of_jobs_2()
    {
        var output = Path.Combine(_campaign.Root, "jobs1");
        var run = CampaignFixture.Run(["process", Path.Combine(_campaign.Inputs, "*.mcap"), "-o", output, "--jobs", "1", "--no-plots"]);
        Assert.True(run.ExitCode == 5, run.Output + run.Error);
        Assert.Equal(WithoutSpeed(Path.Combine(Jobs2, "campaign.json")), WithoutSpeed(Path.Combine(output, "campaign.json")));
        Assert.Equal(WithoutColumns(Path.Combine(Jobs2, "campaign.csv"), "cpuSeconds"),
            WithoutColumns(Path.Combine(output, "campaign.csv"), "cpuSeconds"));
        foreach (var (name, _) in CampaignFixture.Good)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Jobs2, name)).Select(Path.GetFileName))
            {
                if (file is "report.md" or DiveSummary.FileName)
                {
                    continue;
                }

                Assert.True(File.ReadAllBytes(Path.Combine(Jobs2, name, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, name, file!))),
                    $"{name}/{file} differs between --jobs 2 and --jobs 1");
            }
        }
    }

    [Fact]
    public void Indexed_parts_cover_every_recording_exactly_once_and_assemble_into_the_whole_report()
    {
        var output = Path.Combine(_campaign.Root, "split");
        var covered = new List<string>();
        for (var k = 0; k < 3; k++)
        {
            // Part 1 takes its index from the environment, as a Kubernetes indexed Job gives it.
            var run = k == 1
                ? CampaignFixture.Run(["process", _campaign.Inputs, "-o", output, "--count", "3", "--no-plots"],
                    new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" })
                : CampaignFixture.Run(["process", _campaign.Inputs, "-o", output, "--index", k.ToString(CultureInfo.InvariantCulture), "--count", "3", "--no-plots"]);
            Assert.True(run.ExitCode is 0 or 5, run.Output + run.Error);
            var part = JsonNode.Parse(File.ReadAllText(Path.Combine(output, $"campaign-{k}-of-3.json")))!["dives"]!.AsArray();
            Assert.Equal(run.ExitCode == 5, part.Any(d => d!["error"] is not null));
            covered.AddRange(part.Select(d => d!["input"]!.GetValue<string>()));
        }

        var all = Directory.GetFiles(_campaign.Inputs, "*.mcap").Select(Path.GetFullPath).Order(StringComparer.Ordinal);
        Assert.Equal(all, covered.Order(StringComparer.Ordinal));

        // The parts' dive summaries assemble into the report one run would have written.
        var assembled = CampaignFixture.Run(["process", _campaign.Inputs, "-o", output, "--report-only"]);
        Assert.True(assembled.ExitCode == 5, assembled.Output + assembled.Error);
        Assert.Equal(WithoutSpeed(Path.Combine(Jobs2, "campaign.json")), WithoutSpeed(Path.Combine(output, "campaign.json")));

        var usage = CampaignFixture.Run(["process", _campaign.Inputs, "-o", output, "--index", "3", "--count", "3"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--index", usage.Error, StringComparison.Ordinal);
    }

    /// <summary>The JSON report without what varies between runs: the speed object and the dives' timing fields.</summary>
    private static string WithoutSpeed(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("speed");
        foreach (var dive in json["dives"]!.AsArray())
        {
            foreach (var field in new[] { "processingSeconds", "realTimeFactor", "jobSeconds", "cpuSeconds", "peakMemoryBytes" })
            {
                dive!.AsObject().Remove(field);
            }
        }

        foreach (var day in json["days"]!.AsArray())
        {
            day!.AsObject().Remove("cpuSeconds");
        }

        return json.ToJsonString();
    }

    private static string[] WithoutColumns(string path, string column)
    {
        var lines = File.ReadAllLines(path);
        var index = Array.IndexOf(lines[0].Split(','), column);
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != index))).ToArray();
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>What one single-dive run's files say.</summary>
    private sealed record Single(double DryTonnes, double WetTonnes, Dictionary<string, int> AlarmsRaised, long ObstacleReports,
        int AltitudeEstimates, int AltitudeValid, int AltitudeSamples, double AltitudeRmsCm)
    {
        public static Single Read(string folder)
        {
            var slurry = ReadCsv(Path.Combine(folder, "slurry-line1.csv"));
            var alarms = ReadCsv(Path.Combine(folder, "alarms-events.csv"))
                .Where(r => r["transition"] == "raised")
                .GroupBy(r => r["alarm"])
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var altitude = ReadCsv(Path.Combine(folder, "altitude-echo1.csv"));
            var report = File.ReadAllLines(Path.Combine(folder, "report.md"));
            return new Single(Number(slurry[^1]["dryTonnesToday"]), Number(slurry[^1]["wetTonnesToday"]), alarms,
                Cells(report, "obstacles reported").Sum(c => long.Parse(c, CultureInfo.InvariantCulture)), altitude.Count, altitude.Count(r => r["state"] == "valid"),
                int.Parse(Cells(report, "altitude estimates compared")[0], CultureInfo.InvariantCulture),
                Number(Cells(report, "altitude RMS error")[0].Replace(" cm", "", StringComparison.Ordinal)));
        }

        /// <summary>The cells after the name of the report table row <paramref name="name"/>.</summary>
        private static string[] Cells(string[] report, string name) =>
            report.First(l => l.StartsWith("| " + name + " |", StringComparison.Ordinal))
                .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];
    }
}
