using System.Text;
using System.Text.Json;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Replay.Cli;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Tests.Processing;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// Every MCAP file we write opens in Foxglove and Lichtblick as a dive: tests/mcap-interop/foxglove-check.mjs checks
/// each JSON channel by the viewers' own rules (the published @foxglove/schemas definitions for foxglove.* schemas; the
/// walk of their JSON-schema parser and ajv validation of every message for ours; no integer above 2^53) over the
/// shipped recordings, simulate, import of each real format and process of each. (Named *Interop* so the
/// instruction-set passes of scripts/test.sh, which change nothing Node reads, skip it.)
/// </summary>
public sealed class FoxgloveInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-foxglove-").FullName;
    private readonly ITestOutputHelper _output;

    public FoxgloveInteropTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [NodeFact]
    public async Task Shipped_recordings_simulate_and_process_outputs_pass_the_viewers_checks()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        var simulated = Path.Combine(_dir, "clog-20s.mcap");
        await Cli("simulate", "--scenario", "clog", "--seed", "5", "--duration", "20s", "--output", simulated);
        var processed = Path.Combine(_dir, "obstacle");
        await Cli("process", RepoFiles.Recording("obstacle.mcap"), "-o", processed, "--no-plots", "--image-rate", "2");
        var processedSimulated = Path.Combine(_dir, "clog");
        await Cli("process", simulated, "-o", processedSimulated, "--no-plots", "--image-rate", "2");

        var files = Check(RepoFiles.Recording("nominal.mcap"), RepoFiles.Recording("clog.mcap"), RepoFiles.Recording("obstacle.mcap"),
            simulated, Path.Combine(processed, "processed.mcap"), Path.Combine(processedSimulated, "processed.mcap"));
        var obstacle = Topics(files[4]);
        // The processed dive: every feed with its schema, the images and their annotations as well-known schemas.
        Assert.Equal("rovdsp.feed.Altitude", obstacle["rov/rov1/feed/altitude/echo1"]);
        Assert.Equal("rovdsp.feed.Obstacles", obstacle["rov/rov1/feed/obstacles/multibeam1"]);
        Assert.Equal("rovdsp.feed.Slurry", obstacle["rov/rov1/feed/slurry/line1"]);
        Assert.Equal("rovdsp.alarms.Active", obstacle["rov/rov1/alarms/active"]);
        Assert.Equal("foxglove.CompressedImage", obstacle["rov/rov1/feed/fan/multibeam1"]);
        Assert.Equal("rovdsp.truth.Altitude", obstacle["truth/altitude"]);
        Assert.Equal("rovdsp.truth.Slurry", Topics(files[1])["truth/slurry"]);
        Assert.Equal("foxglove.ImageAnnotations", obstacle["rov/rov1/feed/fan/multibeam1/annotations"]);
        Assert.Equal("foxglove.ImageAnnotations", obstacle["rov/rov1/feed/scan/scan1/annotations"]);
        Assert.Equal("foxglove.RawImage", obstacle["rov/rov1/polar/multibeam1"]);

        // docs/foxglove-layout.json opened on this processed.mcap: every panel binds a channel of the right schema and
        // a numeric field it declares; only the waterfall (this dive has no side-scan sonar) stays empty.
        var layout = Layout(Path.Combine(processed, "processed.mcap"));
        Assert.Equal(["Image!waterfall: rov/rov1/feed/waterfall/sidescan1", "Image!waterfall: rov/rov1/feed/waterfall/sidescan1/annotations"],
            layout.GetProperty("unbound").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(11, layout.GetProperty("panels").GetArrayLength());
    }

    [NodeFact]
    public void The_layout_check_can_fail_on_a_field_the_schema_does_not_declare_and_on_a_wrong_image_schema()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        var processed = Path.Combine(_dir, "obstacle");
        Assert.Equal(0, ReplayCli.RunAsync(["process", RepoFiles.Recording("obstacle.mcap"), "-o", processed, "--no-plots", "--image-rate", "1"], TextWriter.Null, TextWriter.Null).Result);
        var text = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "foxglove-layout.json"))
            .Replace("rov/rov1/feed/altitude/echo1.altitudeM", "rov/rov1/feed/altitude/echo1.altitude", StringComparison.Ordinal)
            .Replace("\"rov/rov1/feed/fan/multibeam1/annotations\"", "\"rov/rov1/feed/scan/scan1\"", StringComparison.Ordinal);
        var broken = Path.Combine(_dir, "broken-layout.json");
        File.WriteAllText(broken, text);
        var problems = McapInterop.RunJson("layout-check.mjs", broken, Path.Combine(processed, "processed.mcap"))
            .GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains("Plot!altitude: rov/rov1/feed/altitude/echo1.altitude: rov/rov1/feed/altitude/echo1 declares no field altitude", problems);
        Assert.Contains("Image!fan: rov/rov1/feed/scan/scan1 is foxglove.CompressedImage, expected foxglove.ImageAnnotations", problems);
    }

    [SharedDataFact]
    public async Task Imports_of_each_real_format_and_their_process_outputs_pass_the_viewers_checks()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        var data = SharedData.Directory!;
        var xtf = Path.Combine(_dir, "xtf.mcap");
        await Cli("import", Path.Combine(data, "xtf", "scotsman-iver2.xtf"), "-o", xtf);
        var oculus = Path.Combine(_dir, "oculus.mcap");
        await Cli("import", Path.Combine(data, "oculus", "three_pings_8bit.raw"), "-o", oculus, "--start", "2027-01-15T00:00:00Z");
        // No Ping Viewer log is among the shared files: one built record by record (PingViewerLogBuilder) of a real
        // Ping protocol frame (distance_simple, 1211).
        var frame = new byte[64];
        var n = PingFrameWriter.Write(frame, 1211, 1, 0, [0x10, 0x27, 0, 0, 90]);
        var log = Path.Combine(_dir, "ping.bin");
        File.WriteAllBytes(log, PingViewerLogBuilder.Build(1, [("00:00:01.000", frame[..n]), ("00:00:01.100", frame[..n])]));
        var ping = Path.Combine(_dir, "ping.mcap");
        await Cli("import", log, "-o", ping, "--format", "pingviewer", "--start", "2027-01-15T00:00:00Z");
        var outputs = new List<string> { xtf, oculus, ping };
        // Ping1D frames make no feed (the bridge processes Ping360 device data only), so its processed output is empty.
        foreach (var input in new[] { xtf, oculus })
        {
            var folder = Path.Combine(_dir, Path.GetFileNameWithoutExtension(input) + "-out");
            await Cli("process", input, "-o", folder, "--no-plots", "--image-rate", "2");
            outputs.Add(Path.Combine(folder, "processed.mcap"));
        }

        var files = Check([.. outputs]);
        Assert.Equal("rovdsp.feed.SideScan", Topics(files[3])["rov/rov1/feed/sidescan/sidescan1"]);
        Assert.Equal("rovdsp.SideScanContact", Topics(files[3])["rov/rov1/feed/sidescan-contacts/sidescan1"]);
        Assert.Equal("foxglove.CompressedImage", Topics(files[3])["rov/rov1/feed/waterfall/sidescan1"]);
        Assert.Equal("foxglove.ImageAnnotations", Topics(files[3])["rov/rov1/feed/waterfall/sidescan1/annotations"]);
        Assert.Equal("foxglove.RawImage", Topics(files[4])["rov/rov1/polar/multibeam1"]);
        // The layout's waterfall binds the side-scan dive's image and its contact annotations.
        var unbound = Layout(outputs[3]).GetProperty("unbound").EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.DoesNotContain(unbound, u => u.StartsWith("Image!waterfall", StringComparison.Ordinal));
    }

    private JsonElement Layout(string processedMcap)
    {
        var layout = McapInterop.RunJson("layout-check.mjs", Path.Combine(RepoFiles.Root, "docs", "foxglove-layout.json"), processedMcap);
        foreach (var panel in layout.GetProperty("panels").EnumerateArray())
        {
            _output.WriteLine($"{panel.GetProperty("id").GetString()} {panel.GetProperty("title").GetString()}: " +
                string.Join(", ", panel.GetProperty("binds").EnumerateArray().Select(b => b.GetString())));
        }

        var problems = layout.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        return layout;
    }

    [NodeFact]
    public void The_harness_can_fail_it_reports_each_kind_of_fault_the_viewers_refuse()
    {
        Assert.True(McapInterop.Unavailable is null, McapInterop.Unavailable);
        var path = Path.Combine(_dir, "bad.mcap");
        using (var stream = File.Create(path))
        using (var writer = new McapWriter(stream, new McapWriterOptions { Library = McapAudit.FixtureLibrary + ": every fault the viewers refuse, on purpose" }))
        {
            ushort Channel(string name, string schema, string topic) =>
                writer.RegisterChannel(writer.RegisterSchema(name, "jsonschema", Encoding.UTF8.GetBytes(schema)), topic, "json");
            var noProperties = Channel("a", """{"title":"a","type":"object","description":"x"}""", "no-properties");
            var union = Channel("b", """{"type":"object","properties":{"x":{"type":["number","null"]}}}""", "union");
            var big = Channel("c", """{"type":"object","properties":{"t":{"type":"integer"}}}""", "big-integer");
            var undeclared = Channel("d", """{"type":"object","properties":{"x":{"type":"number"}}}""", "undeclared");
            var image = Channel("foxglove.CompressedImage",
                """{"type":"object","properties":{"format":{"type":"string"},"data":{"type":"string","contentEncoding":"base64"}}}""", "image");
            var schemaless = writer.RegisterChannel(0, "schemaless", "json");
            writer.WriteMessage(noProperties, 0, 1, 1, """{"x":1}"""u8);
            writer.WriteMessage(union, 0, 1, 1, """{"x":null}"""u8);
            writer.WriteMessage(big, 0, 1, 1, """{"t":1799971200000000000}"""u8);
            writer.WriteMessage(undeclared, 0, 1, 1, """{"x":1,"y":2}"""u8);
            writer.WriteMessage(image, 0, 1, 1, """{"format":"png","data":"AA=="}"""u8);
            writer.WriteMessage(schemaless, 0, 1, 1, """{"x":1}"""u8);
        }

        var report = McapInterop.RunJson("foxglove-check.mjs", path).GetProperty("files")[0];
        var problems = report.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        foreach (var p in problems)
        {
            _output.WriteLine(p);
        }

        Assert.Contains(problems, p => p.StartsWith("no-properties:", StringComparison.Ordinal) && p.Contains("without \"properties\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("union:", StringComparison.Ordinal) && p.Contains("unsupported field type [\"number\",\"null\"]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("big-integer:", StringComparison.Ordinal) && p.Contains("above 2^53", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("undeclared:", StringComparison.Ordinal) && p.Contains("additionalProperty", StringComparison.Ordinal));
        // The published CompressedImage requires timestamp and frame_id.
        Assert.Contains(problems, p => p.StartsWith("image:", StringComparison.Ordinal) && p.Contains("required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("schemaless:", StringComparison.Ordinal) && p.Contains("without a schema", StringComparison.Ordinal));
    }

    private List<JsonElement> Check(params string[] paths)
    {
        var files = McapInterop.RunJson("foxglove-check.mjs", paths).GetProperty("files").EnumerateArray().ToList();
        var problems = new List<string>();
        foreach (var file in files)
        {
            foreach (var channel in file.GetProperty("channels").EnumerateArray())
            {
                _output.WriteLine($"{Path.GetFileName(file.GetProperty("file").GetString())}: {channel.GetProperty("topic").GetString()} " +
                    $"[{channel.GetProperty("schemaName").GetString()}] {channel.GetProperty("messages").GetInt32()} messages");
            }

            problems.AddRange(file.GetProperty("problems").EnumerateArray().Select(p => file.GetProperty("file").GetString() + ": " + p.GetString()));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(paths.Length, files.Count);
        Assert.All(files, f => Assert.NotEqual(0, f.GetProperty("channels").GetArrayLength()));
        return files;
    }

    private static Dictionary<string, string> Topics(JsonElement file) =>
        file.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("topic").GetString()!, c => c.GetProperty("schemaName").GetString()!);

    private async Task Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ReplayCli.RunAsync(args, output, error);
        _output.WriteLine(output.ToString());
        Assert.True(code == 0, $"rovdsp-replay {string.Join(' ', args)}: exit code {code}: {error}");
    }
}
