using System.Diagnostics;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Tests.Processing;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>
/// Issue 19's "the CLI stumbles" list, case by case, run as a user runs it: every error names the file and the fix as a
/// command (never an API or .NET type name), <c>process</c> takes the real formats, option errors name the option and
/// the form it expects, a filter that matches nothing fails naming what the file holds, and <c>import</c> counts
/// truncated records and says where its times come from. Errors are checked in-process (the same RootCommand); the
/// runs that process a file go through the built executable, as <see cref="ProcessCommandTests"/> does.
/// </summary>
public sealed class GuidingCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Words a user must never be shown: API and .NET names the old messages leaked.</summary>
    private static readonly string[] ApiWords = ["StreamRecords", "McapRepair", "System.", "Nullable`1", "Could not find a part of the path", "Exception"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-guiding-cli-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _log;

    public GuidingCliTests(ITestOutputHelper log)
    {
        _log = log;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Obstacle => RepoFiles.Recording("obstacle.mcap");

    [Fact]
    public async Task A_cut_recording_names_the_repair_command_in_process_info_and_play()
    {
        var cut = Path.Combine(_dir, "cut.mcap");
        File.WriteAllBytes(cut, File.ReadAllBytes(Obstacle).AsSpan(0, 1_000_000).ToArray());
        var repairHint = $"run rovdsp-replay repair {cut} {Path.Combine(_dir, "cut-repaired.mcap")}";

        var process = await Run("process", cut, "-o", Path.Combine(_dir, "out"));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains(repairHint, process.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")), "process wrote output for a file it refused");

        var info = await Run("info", cut);
        Assert.Equal(1, info.ExitCode); // it says DAMAGED and so must its exit code
        Assert.Contains(repairHint, info.Error, StringComparison.Ordinal);

        var play = await Run("play", cut, "--port", "0", "--speed", "max");
        Assert.Equal(1, play.ExitCode);
        Assert.Contains(repairHint, play.Error, StringComparison.Ordinal);

        // The suggested command works: the repaired file is complete, and info says so with exit 0.
        Assert.Equal(0, (await Run("repair", cut, Path.Combine(_dir, "cut-repaired.mcap"))).ExitCode);
        Assert.Equal(0, (await Run("info", Path.Combine(_dir, "cut-repaired.mcap"))).ExitCode);
        AssertNoApiWords(process, info, play);
    }

    [Theory]
    [InlineData(0, "is empty (0 bytes)")]
    [InlineData(12, "is not a recording: it is a text file starting with \"hello world\"")]
    public async Task Empty_and_text_files_get_the_same_file_naming_message_from_process_and_info(int length, string expected)
    {
        var path = Path.Combine(_dir, "notes.mcap");
        File.WriteAllBytes(path, "hello world\n"u8.ToArray().AsSpan(0, length).ToArray());
        var process = await Run("process", path);
        var info = await Run("info", path);
        Assert.Equal(1, process.ExitCode);
        Assert.Equal(1, info.ExitCode);
        Assert.Equal($"error: {path} {expected}", process.Error.Trim()[..(8 + path.Length + expected.Length)]);
        Assert.Equal(process.Error, info.Error);
        AssertNoApiWords(process, info);
    }

    [Fact]
    public async Task Unknown_bytes_behind_an_import_extension_go_to_the_importer_which_names_the_file_and_the_problem()
    {
        var path = Path.Combine(_dir, "survey.xtf");
        File.WriteAllBytes(path, Enumerable.Range(0, 2000).Select(i => (byte)(i * 7 + 1)).ToArray());
        var process = await Run("process", path, "-o", Path.Combine(_dir, "out"));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"error: {path} looks like an XTF side-scan file but cannot be read: XTF at byte offset 0", process.Error, StringComparison.Ordinal);
        var import = await Run("import", path, "-o", Path.Combine(_dir, "survey.mcap"));
        Assert.Equal(1, import.ExitCode);
        Assert.Contains($"error: {path} looks like an XTF side-scan file but cannot be read", import.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "survey.mcap")), "a failed import left its output");
        AssertNoApiWords(process, import);
    }

    [SharedDataFact]
    public async Task Info_on_an_xtf_file_says_to_import_it_first()
    {
        var xtf = SharedDataPath("xtf/scotsman-iver2.xtf");
        var info = await Run("info", xtf);
        Assert.Equal(1, info.ExitCode);
        Assert.Contains($"{xtf} is an XTF side-scan file, not an MCAP recording: import it first: rovdsp-replay import {xtf} -o ", info.Error, StringComparison.Ordinal);
        AssertNoApiWords(info);
    }

    [Fact]
    public async Task Option_values_of_the_wrong_form_name_the_option_and_the_expected_form()
    {
        var start = await Run("import", Obstacle, "-o", Path.Combine(_dir, "x.mcap"), "--start", "yesterday");
        Assert.Equal(2, start.ExitCode);
        Assert.Contains("--start: expected an ISO 8601 time such as 2026-05-01T12:00:00Z, got 'yesterday'", start.Error, StringComparison.Ordinal);

        var rate = await Run("import", Obstacle, "-o", Path.Combine(_dir, "x.mcap"), "--oculus-rate", "fast");
        Assert.Equal(2, rate.ExitCode);
        Assert.Contains("--oculus-rate: expected a number such as 2.5, got 'fast'", rate.Error, StringComparison.Ordinal);
        AssertNoApiWords(start, rate);
    }

    [Fact]
    public async Task An_output_in_a_folder_that_does_not_exist_is_refused_naming_the_folder()
    {
        var missing = Path.Combine(_dir, "no-such-folder");
        var runs = new[]
        {
            await Run("simulate", "--duration", "1s", "-o", Path.Combine(missing, "x.mcap")),
            await Run("process", Obstacle, "-o", Path.Combine(missing, "x")),
            await Run("import", Obstacle, "-o", Path.Combine(missing, "x.mcap")),
            await Run("repair", Obstacle, Path.Combine(missing, "x.mcap")),
        };
        foreach (var run in runs)
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"the folder {missing} does not exist", run.Error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(missing), "a command created the missing folder");
        AssertNoApiWords(runs);
    }

    [SharedDataFact]
    public async Task A_wrong_format_option_says_which_format_the_file_looks_like()
    {
        var xtf = SharedDataPath("xtf/scotsman-iver2.xtf");
        var run = await Run("import", xtf, "--format", "pingviewer", "-o", Path.Combine(_dir, "x.mcap"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--format pingviewer: {xtf} looks like an XTF side-scan file, not a Ping Viewer log", run.Error, StringComparison.Ordinal);
        Assert.Contains("--format xtf", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Absurd", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.mcap")));

        // An MCAP given to import is named as one, with the command that takes it.
        var mcap = await Run("import", Obstacle, "-o", Path.Combine(_dir, "y.mcap"));
        Assert.Equal(1, mcap.ExitCode);
        Assert.Contains($"{Obstacle} is already an MCAP recording: nothing to import. Process it directly: rovdsp-replay process {Obstacle}", mcap.Error, StringComparison.Ordinal);
        AssertNoApiWords(run, mcap);
    }

    [Fact]
    public async Task Filters_that_match_nothing_fail_naming_what_the_file_holds()
    {
        // obstacle.mcap was simulated for rov1 with these four sensors (DiveRecorder's shipped dive).
        var rov1 = "rov/rov1/raw/echosounder/echo1, rov/rov1/raw/multibeam/multibeam1, rov/rov1/raw/scanning/scan1, rov/rov1/raw/slurry/line1";
        var vehicle = await Run("process", Obstacle, "--vehicle", "rov2", "-o", Path.Combine(_dir, "v2"));
        Assert.Equal(1, vehicle.ExitCode);
        Assert.Contains($"--vehicle rov2: {Obstacle} has no raw topics of rov2; it holds rov1 ({rov1}). Pass --vehicle rov1.", vehicle.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "v2")));

        var topic = await Run("play", Obstacle, "--port", "0", "--topic", "rov/rov1/raw/sidescan/#");
        Assert.Equal(1, topic.ExitCode);
        Assert.Contains($"--topic rov/rov1/raw/sidescan/#: no raw topic of {Obstacle} matches; it holds {rov1}.", topic.Error, StringComparison.Ordinal);

        var window = await Run("play", Obstacle, "--port", "0", "--from", "500");
        Assert.Equal(1, window.ExitCode);
        Assert.Contains($"--from 500: {Obstacle} lasts 90.0 s", window.Error, StringComparison.Ordinal);
        AssertNoApiWords(vehicle, topic, window);
    }

    [Fact]
    public async Task A_ping_viewer_log_cut_in_its_last_record_is_imported_with_the_cut_counted_and_its_file_name_time()
    {
        var payload = new byte[] { 1, 2, 3, 4 };
        var frame = new byte[payload.Length + 10];
        var n = PingFrameWriter.Write(frame, 1300, 1, 0, payload);
        var whole = frame.AsSpan(0, n).ToArray();
        var log = PingViewerLogBuilder.Build(1, [("00:00:01.250", whole), ("00:00:02.500", whole), ("00:00:03.750", whole)]);
        // Ping Viewer names its logs after the local date and time they began: 2026-05-01 12:00:00.123.
        var path = Path.Combine(_dir, "20260501-120000123.bin");
        File.WriteAllBytes(path, log.AsSpan(0, log.Length - 5).ToArray());
        var mcap = Path.Combine(_dir, "ping.mcap");

        var run = await Run("import", path, "-o", mcap);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("imported 2 messages (0 skipped, 1 truncated record at the end)", run.Output, StringComparison.Ordinal);
        Assert.Contains("cut off by the end of the file", run.Error, StringComparison.Ordinal);
        Assert.Contains("times from the log's file name 20260501-120000123.bin", run.Output, StringComparison.Ordinal);
        var start = new DateTime(2026, 5, 1, 12, 0, 0, 123, DateTimeKind.Utc);
        Assert.Equal(
            [(ulong)((start.AddSeconds(1.25) - DateTime.UnixEpoch).Ticks * 100), (ulong)((start.AddSeconds(2.5) - DateTime.UnixEpoch).Ticks * 100)],
            ReadLogTimes(mcap));

        // Another name holds no date: the data lands at 1970 and the warning says so, with the option that fixes it.
        var undated = Path.Combine(_dir, "sonar.bin");
        File.WriteAllBytes(undated, log);
        var warned = await Run("import", undated, "-o", Path.Combine(_dir, "undated.mcap"));
        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("imported 3 messages (0 skipped)", warned.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: {undated} holds no date and no start time was given, so its data is placed at 1970-01-01T00:00:00Z", warned.Error, StringComparison.Ordinal);
        Assert.Contains("pass --start 2026-05-01T12:00:00Z", warned.Error, StringComparison.Ordinal);
        Assert.Equal(1_250_000_000UL, ReadLogTimes(Path.Combine(_dir, "undated.mcap"))[0]);
    }

    [SharedDataFact]
    public async Task A_cut_oculus_stream_and_a_cut_xtf_file_are_imported_with_the_cut_counted()
    {
        var oculus = Path.Combine(_dir, "cut.raw");
        File.WriteAllBytes(oculus, SharedData.Read("oculus/three_pings_8bit.raw").AsSpan(0, 500_000).ToArray());
        var run = await Run("import", oculus, "-o", Path.Combine(_dir, "oculus.mcap"));
        Assert.Equal(0, run.ExitCode);
        // Each ping of the file is 182,016 bytes (one_ping_8bit.raw's size): 500,000 bytes hold two and part of a third.
        Assert.Equal(182_016, new FileInfo(SharedDataPath("oculus/one_ping_8bit.raw")).Length);
        Assert.Contains("imported 2 messages (0 skipped, 1 truncated record at the end)", run.Output, StringComparison.Ordinal);
        Assert.Contains("holds no date and no start time was given", run.Error, StringComparison.Ordinal);

        // The XTF file cut 60 kB short: the pings wholly before the cut, counted from the file's own packet headers.
        var data = SharedData.Read("xtf/scotsman-iver2.xtf");
        var cutAt = data.Length - 60_000;
        var whole = new XtfReader(data).Packets().Count(p => p.Header.HeaderType == XtfPacketHeader.SonarHeaderType
                                                             && p.Header.Offset + p.Header.NumBytesThisRecord <= cutAt);
        var xtf = Path.Combine(_dir, "cut.xtf");
        File.WriteAllBytes(xtf, data.AsSpan(0, cutAt).ToArray());
        var x = await Run("import", xtf, "-o", Path.Combine(_dir, "xtf.mcap"));
        Assert.Equal(0, x.ExitCode);
        Assert.Contains($"imported {whole} messages (0 skipped, 1 truncated record at the end)", x.Output, StringComparison.Ordinal);
        Assert.Contains("times from the XTF ping times: 2013-09-10T21:13:08.000Z", x.Output, StringComparison.Ordinal);
        Assert.True(whole is > 400 and < 461, $"{whole} whole pings");
    }

    [SharedDataFact]
    public void Process_takes_an_xtf_file_directly()
    {
        var xtf = SharedDataPath("xtf/scotsman-iver2.xtf");
        var folder = Path.Combine(_dir, "xtf");
        var (code, stdout, stderr) = RunExecutable("process", xtf, "-o", folder, "--no-plots");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("scotsman-iver2.xtf is an XTF side-scan file: importing it first", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "tmp"))); // the on-the-fly import is deleted after the run

        // One side-scan feed message per ping of the file, counted by the XTF reader rather than the importer.
        var pings = new XtfReader(SharedData.Read("xtf/scotsman-iver2.xtf")).ReadAll().Pings.Count;
        Assert.Equal(pings, CountTopic(Path.Combine(folder, "processed.mcap"), "rov/rov1/feed/sidescan/sidescan1"));
        Assert.True(File.Exists(Path.Combine(folder, "report.md")));
    }

    [SharedDataFact]
    public void Process_takes_an_oculus_stream_directly_without_stale_alarms_at_1970_and_plots_its_waterfall()
    {
        var folder = Path.Combine(_dir, "oculus");
        var (code, stdout, stderr) = RunExecutable("process", SharedDataPath("oculus/three_pings_8bit.raw"), "-o", folder);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("three_pings_8bit.raw is an Oculus sonar stream: importing it first", stdout, StringComparison.Ordinal);
        Assert.Contains("so its data is placed at 1970-01-01T00:00:00Z", stderr, StringComparison.Ordinal);
        Assert.Contains("rovdsp-replay import", stderr, StringComparison.Ordinal);
        Assert.Equal(3, CountTopic(Path.Combine(folder, "processed.mcap"), "rov/rov1/feed/obstacles/multibeam1"));

        // Three pings 0.1 s apart leave no feed stale: no alarm may be raised (it was: three "stale" alarms at t = 0).
        var events = Path.Combine(folder, "alarms-events.csv");
        Assert.False(File.Exists(events) && File.ReadAllLines(events).Length > 1, File.Exists(events) ? File.ReadAllText(events) : string.Empty);

        // docs/process.md's promise: a waterfall plot per imaging sonar, here from the Oculus pings' float samples.
        var png = File.ReadAllBytes(Path.Combine(folder, "plot-waterfall-multibeam1.png"));
        Assert.True(png.AsSpan(1, 3).SequenceEqual("PNG"u8) && png.AsSpan(png.Length - 8, 4).SequenceEqual("IEND"u8));
        Assert.Contains("`plot-waterfall-multibeam1.png`", File.ReadAllText(Path.Combine(folder, "report.md")), StringComparison.Ordinal);
    }

    private static void AssertNoApiWords(params CliRun[] runs)
    {
        foreach (var run in runs)
        {
            foreach (var word in ApiWords)
            {
                Assert.DoesNotContain(word, run.Error, StringComparison.Ordinal);
                Assert.DoesNotContain(word, run.Output, StringComparison.Ordinal);
            }
        }
    }

    private async Task<CliRun> Run(params string[] args)
    {
        var run = await CliRun.RunAsync(Timeout, args);
        _log.WriteLine($"rovdsp-replay {string.Join(' ', args)} -> {run.ExitCode}\n{run.Output}{run.Error}");
        return run;
    }

    private (int Code, string Stdout, string Stderr) RunExecutable(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // A temporary folder of its own, so the test can see the on-the-fly import is removed.
        var tmp = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;
        start.Environment["TMPDIR"] = tmp;
        start.ArgumentList.Add(RepoFiles.ReplayCli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(Timeout), "rovdsp-replay did not finish");
        _log.WriteLine($"rovdsp-replay {string.Join(' ', args)} -> {process.ExitCode}\n{stdout}{stderr.Result}");
        if (process.ExitCode == 0)
        {
            McapAudit.IncludeOutputOf(args);
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string SharedDataPath(string relative) => Path.Combine(SharedData.Directory!, relative);

    private static List<ulong> ReadLogTimes(string mcap)
    {
        using var reader = McapReader.Open(mcap);
        return reader.ReadMessages().Select(m => m.LogTime).ToList();
    }

    private static int CountTopic(string mcap, string topic)
    {
        using var reader = McapReader.Open(mcap);
        var channels = reader.ReadSummary().Channels.Where(c => c.Value.Topic == topic).Select(c => c.Key).ToHashSet();
        return reader.ReadMessages().Count(m => channels.Contains(m.ChannelId));
    }
}
