using System.Diagnostics;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Processing;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Processing;

/// <summary><c>rovdsp-replay process</c> run as a user runs it, on the shipped obstacle dive: the set of files it
/// writes, each checked on its own terms, and the same bytes from a second run.</summary>
public sealed class ProcessCommandTests : IDisposable
{
    /// <summary>What the obstacle dive (echosounder, imaging and scanning sonar, slurry line, truth) must give.</summary>
    private static readonly string[] Expected =
    [
        "processed.mcap", "report.md",
        "altitude-echo1.csv", "obstacles-multibeam1.csv", "obstacles-scan1.csv", "slurry-line1.csv", "alarms-events.csv",
        "alarms-active.csv",
        "fan-multibeam1.png", "scan-scan1.png",
        "plot-altitude.png", "plot-slurry-flow.png", "plot-tonnes.png", "plot-alarms.png", "plot-waterfall-multibeam1.png",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-process-cli-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public ProcessCommandTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Process_writes_the_expected_valid_files_and_the_same_bytes_twice()
    {
        var a = Run("a");
        var b = Run("b");
        Assert.Equal(Expected.Order(StringComparer.Ordinal), Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // processed.mcap: our reader accepts it (CRCs, summary) and counts every topic's messages.
        using var reader = McapReader.Open(Path.Combine(a, "processed.mcap"));
        Assert.True(reader.VerifyDataSectionCrc());
        var summary = reader.ReadSummary();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var m in reader.ReadMessages())
        {
            var topic = summary.Channels[m.ChannelId].Topic;
            counts[topic] = counts.GetValueOrDefault(topic) + 1;
        }

        Assert.Equal((long)summary.Statistics!.MessageCount, counts.Values.Sum());
        Assert.Equal(45, counts["rov/rov1/feed/obstacles/multibeam1"]); // one per frame of the recording
        Assert.Equal(225, counts["rov/rov1/feed/altitude/echo1"]); // one per ping

        // CSVs: a header, then one row per message (per event for the alarm events).
        foreach (var (topic, count) in counts)
        {
            var csv = Path.Combine(a, DiveOutputFiles.FileName(topic) + ".csv");
            if (topic.StartsWith("truth/", StringComparison.Ordinal) || !File.Exists(csv))
            {
                continue;
            }

            var lines = File.ReadAllLines(csv);
            Assert.StartsWith("logTimeNs,", lines[0], StringComparison.Ordinal);
            if (topic.EndsWith("/events", StringComparison.Ordinal))
            {
                Assert.True(lines.Length - 1 >= count, $"{csv}: {lines.Length - 1} event rows for {count} messages");
            }
            else
            {
                Assert.True(count == lines.Length - 1, $"{csv}: {lines.Length - 1} rows for {count} messages");
            }
        }

        Assert.All(Expected.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)),
            f => Assert.True(counts.ContainsKey("rov/rov1/" + (f.StartsWith("alarms", StringComparison.Ordinal) ? "" : "feed/")
                + Path.GetFileNameWithoutExtension(f).Replace('-', '/')), $"{f} has no topic in processed.mcap"));

        // PNGs: signature, IHDR first, IEND last.
        foreach (var png in Expected.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(Path.Combine(a, png));
            Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{png} signature");
            Assert.True(bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8), $"{png} IHDR first");
            Assert.True(bytes.AsSpan(bytes.Length - 8, 4).SequenceEqual("IEND"u8), $"{png} IEND last");
        }

        var report = File.ReadAllText(Path.Combine(a, "report.md"));
        Assert.Contains("## Accuracy against ground truth", report, StringComparison.Ordinal);
        Assert.Contains("## Obstacle detection against ground truth", report, StringComparison.Ordinal);
        Assert.Contains("x real time", report, StringComparison.Ordinal);
        Assert.All(Expected, f => Assert.Contains($"`{f}`", report, StringComparison.Ordinal));

        // Same input, same bytes: every file, the report but for its one wall-time line.
        foreach (var file in Expected)
        {
            if (file == "report.md")
            {
                Assert.Equal(WithoutTiming(Path.Combine(a, file)), WithoutTiming(Path.Combine(b, file)));
                continue;
            }

            Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))),
                $"{file} differs between two runs of the same input");
        }
    }

    private static string[] WithoutTiming(string path) =>
        File.ReadAllLines(path).Where(l => !l.StartsWith("- Processing time:", StringComparison.Ordinal)).ToArray();

    private string Run(string folder)
    {
        var output = Path.Combine(_dir, folder);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoFiles.ReplayCli);
        start.ArgumentList.Add("process");
        start.ArgumentList.Add(RepoFiles.Recording("obstacle.mcap"));
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(output);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "rovdsp-replay process did not finish in 3 minutes");
        _output.WriteLine(stdout);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {stderr.Result}");
        Assert.Contains("x real time", stdout, StringComparison.Ordinal);
        McapAudit.IncludeOutputOf(["process", "-o", output]);
        return output;
    }
}
