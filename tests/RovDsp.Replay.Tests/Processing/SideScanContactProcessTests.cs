using System.Diagnostics;
using System.Text.Json;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Processing;

/// <summary>
/// <c>rovdsp-replay import</c> then <c>process</c> of the real Scotsman Iver2 side-scan file, as a user runs them:
/// the wreck (starboard, pings ~182–369) must come out as one contact in the CSV, the report (with its cropped
/// waterfall image) and processed.mcap's contacts feed, with at most 3 other contacts and none from the return
/// dropout on pings 364–369.
/// </summary>
public sealed class SideScanContactProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-contacts-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public SideScanContactProcessTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedDataFact]
    public void Import_then_process_of_the_XTF_reports_the_wreck_as_one_contact_in_the_CSV_the_report_and_the_MCAP()
    {
        var mcap = Path.Combine(_dir, "xtf.mcap");
        var folder = Path.Combine(_dir, "out");
        Cli("import", Path.Combine(SharedData.Directory!, "xtf", "scotsman-iver2.xtf"), "-o", mcap);
        Cli("process", mcap, "-o", folder);

        // The CSV: one row per contact, named after the feed topic like every feed's CSV.
        var lines = File.ReadAllLines(Path.Combine(folder, "sidescan-contacts-sidescan1.csv"));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        string Field(string[] row, string name) => row[Array.IndexOf(header, name)];
        double Number(string[] row, string name) => double.Parse(Field(row, name), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in lines)
        {
            _output.WriteLine(line);
        }

        var wreck = Assert.Single(rows, r => Field(r, "side") == "starboard" && Number(r, "firstPing") < 300 && Number(r, "lastPing") > 250);
        Assert.InRange(Number(wreck, "firstPing"), 170, 200);
        Assert.InRange(Number(wreck, "lastPing"), 340, 369);
        Assert.True(Number(wreck, "nearRangeM") < 3.5, "near edge on the hull's near side");
        Assert.InRange(Number(wreck, "farRangeM"), 9.0, 13.0);
        Assert.True(rows.Count - 1 <= 3, $"{rows.Count - 1} other contacts");
        Assert.DoesNotContain(rows, r => Number(r, "lastPing") >= 364 && Number(r, "firstPing") <= 369);
        // Times come out as ns columns (the feed's {sec, nsec}), and the wreck's first time is ping 182's.
        Assert.True(long.Parse(Field(wreck, "firstTime"), System.Globalization.CultureInfo.InvariantCulture) < long.Parse(Field(wreck, "lastTime"), System.Globalization.CultureInfo.InvariantCulture));

        // The report: a section with one table row per contact, each with its crop, a valid PNG beside the report.
        var report = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("## Side-scan contacts", report, StringComparison.Ordinal);
        Assert.Contains($"### sidescan1: {rows.Count} contact", report, StringComparison.Ordinal);
        foreach (var row in rows)
        {
            var png = $"sidescan-contact-sidescan1-{Field(row, "id")}.png";
            Assert.Contains($"]({png})", report, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(Path.Combine(folder, png));
            Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{png} signature");
            Assert.True(bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8));
        }

        Assert.Contains($"| {Field(wreck, "id")} | starboard | {Field(wreck, "firstPing")}–{Field(wreck, "lastPing")} |", report, StringComparison.Ordinal);

        // processed.mcap: the contacts feed, one message per CSV row, under a complete schema (properties for every
        // field of every message, nested times too, no type unions).
        using var reader = McapReader.Open(Path.Combine(folder, "processed.mcap"));
        var summary = reader.ReadSummary();
        var channel = Assert.Single(summary.Channels.Values, c => c.Topic == "rov/rov1/feed/sidescan-contacts/sidescan1");
        using var schema = JsonDocument.Parse(summary.Schemas[channel.SchemaId].Data);
        Assert.Equal("jsonschema", summary.Schemas[channel.SchemaId].Encoding);
        AssertNoTypeUnion(schema.RootElement);
        var properties = schema.RootElement.GetProperty("properties");
        var messages = 0;
        foreach (var m in reader.ReadMessages())
        {
            if (m.ChannelId != channel.Id)
            {
                continue;
            }

            messages++;
            using var message = JsonDocument.Parse(m.Data);
            foreach (var field in message.RootElement.EnumerateObject())
            {
                Assert.True(properties.TryGetProperty(field.Name, out var declared), $"{field.Name} is not in the schema");
                var type = declared.GetProperty("type").GetString();
                Assert.Equal(type, field.Value.ValueKind switch
                {
                    JsonValueKind.Object => "object",
                    JsonValueKind.String => "string",
                    JsonValueKind.Number => field.Value.TryGetInt64(out _) && type == "integer" ? "integer" : "number",
                    _ => field.Value.ValueKind.ToString(),
                });
                if (field.Value.ValueKind == JsonValueKind.Object)
                {
                    Assert.Equal(["nsec", "sec"], field.Value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                    Assert.True(declared.GetProperty("properties").TryGetProperty("sec", out _));
                }
            }
        }

        Assert.Equal(rows.Count, messages);
    }

    private static void AssertNoTypeUnion(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                Assert.False(p.Name == "type" && p.Value.ValueKind == JsonValueKind.Array, "a type union in the schema");
                AssertNoTypeUnion(p.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in element.EnumerateArray())
            {
                AssertNoTypeUnion(e);
            }
        }
    }

    private void Cli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoFiles.ReplayCli);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"rovdsp-replay {args[0]} did not finish in 3 minutes");
        _output.WriteLine(stdout);
        Assert.True(process.ExitCode == 0, $"rovdsp-replay {args[0]}: exit code {process.ExitCode}: {stderr.Result}");
        McapAudit.IncludeOutputOf(args);
    }
}
