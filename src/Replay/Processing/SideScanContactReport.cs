using System.Globalization;
using System.Text;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Png;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The report's side-scan contact section: per side-scan sensor, a table of the contacts its handler published
/// (<c>feed/sidescan-contacts/{sensor}</c>) and a cropped waterfall PNG of each, written beside the report as
/// <c>sidescan-contact-{sensor}-{id}.png</c>. The crops come from a second pass over the recording's raw lines
/// through a <see cref="SideScanPipeline"/> with the run's settings (the same normalised rows the live waterfall
/// shows); only the rows around a contact are kept, so memory does not grow with the dive's length.
/// </summary>
public static class SideScanContactReport
{
    /// <summary>Lines shown before the first and after the last line of a contact.</summary>
    private const int MarginLines = 20;

    /// <summary>Ground range shown before the near edge and after the shadow's end, metres.</summary>
    private const double MarginM = 3.0;

    /// <summary>Smallest side of a crop image, pixels (small crops are magnified by a whole factor up to 8).</summary>
    private const int MinSize = 200;

    /// <summary>Writes the crops and returns the Markdown section (empty when no sensor had a contact) and the files.</summary>
    /// <param name="result">The run.</param>
    /// <param name="recording">The recording processed (its raw side-scan lines are read again).</param>
    /// <param name="folder">Output folder.</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    /// <param name="settings">The run's pipeline settings (the defaults when null).</param>
    public static (string Markdown, IReadOnlyList<string> Files) Write(DiveProcessResult result, string recording, string folder,
        string vehicle = "rov1", PipelineSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        settings ??= new PipelineSettings();
        var topics = new TopicScheme(vehicle);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var files = new List<string>();
        foreach (var (sensor, kind) in result.Sensors)
        {
            if (kind != RawKind.SideScan)
            {
                continue;
            }

            var table = result.Sink.Table(topics.Feed(FeedNames.SideScanContacts, sensor));
            var contacts = (table?.Rows ?? []).OrderBy(r => r.Number("id")).ToList();
            if (md.Length == 0)
            {
                md.Append("\n## Side-scan contacts\n");
            }

            md.Append(c, $"\n### {sensor}: {contacts.Count} contact{(contacts.Count == 1 ? "" : "s")}\n\n");
            if (contacts.Count == 0)
            {
                md.Append("No object seen on enough successive lines with a highlight and a shadow.\n");
                continue;
            }

            md.Append("Near edge: ground range where the object's return begins; far edge: where its shadow starts; ")
                .Append("height from the shadow's length; strength: peak highlight over the seabed. ")
                .Append(c, $"CSV: `{DiveOutputFiles.FileName(table!.Topic, vehicle)}.csv`.\n\n")
                .Append("| id | side | pings | along track | near edge | far edge | length | height | strength | image |\n")
                .Append("|---|---|---|---|---|---|---|---|---|---|\n");
            var crops = Crops(recording, topics.Raw(RawKind.SideScan, sensor), settings.SideScan, contacts);
            foreach (var row in contacts)
            {
                var id = row.Text("id") ?? "?";
                var name = $"sidescan-contact-{sensor}-{id}.png";
                var image = crops.TryGetValue(row, out var png) ? $"![contact {id}]({name})" : "no raw lines";
                if (png is not null)
                {
                    File.WriteAllBytes(Path.Combine(folder, name), png);
                    files.Add(name);
                }

                var height = row.Number("heightM");
                md.Append(c, $"| {id} | {row.Text("side")} | {row.Text("firstPing")}–{row.Text("lastPing")} ")
                    .Append(c, $"| {row.Number("lines"):F0} lines, {row.Number("durationS"):F1} s ")
                    .Append(c, $"| {row.Number("nearRangeM"):F2} m | {row.Number("farRangeM"):F2} m | {row.Number("lengthM"):F2} m ")
                    .Append(height >= 0 ? string.Create(c, $"| {height:F2} m ") : "| n/a ")
                    .Append(c, $"| {row.Number("strengthDb"):F1} dB | {image} |\n");
            }
        }

        return (md.ToString(), files);
    }

    /// <summary>Reruns the sensor's raw lines through a pipeline and cuts each contact's rows and ranges out of
    /// the normalised waterfall; the contact's near and far edges are marked by white ticks at the crop's left
    /// and right margins (outside the object, so nothing of it is hidden).</summary>
    private static Dictionary<FeedRow, byte[]> Crops(string recording, string rawTopic, SideScanSettings settings, IReadOnlyList<FeedRow> contacts)
    {
        var crops = new Dictionary<FeedRow, byte[]>();
        var windows = contacts.Select(r => (Row: r, First: (long)r.Number("firstPing") - MarginLines, Last: (long)r.Number("lastPing") + MarginLines,
            Rows: new List<byte[]>())).ToList();
        using (var reader = McapReader.Open(recording))
        {
            var summary = reader.ReadSummary();
            var channels = summary.Channels.Values.Where(ch => ch.Topic == rawTopic).Select(ch => ch.Id).ToHashSet();
            var codec = new SideScanLineCodec(settings.MaxSamples);
            var pipeline = new SideScanPipeline(settings);
            foreach (var message in reader.ReadMessages())
            {
                if (!channels.Contains(message.ChannelId) || codec.TryDecode(message.Data.Span, out var line) != WireError.None)
                {
                    continue;
                }

                var result = pipeline.Process(line!);
                if (!result.Accepted)
                {
                    continue;
                }

                foreach (var w in windows)
                {
                    if (result.Stamp.Sequence >= w.First && result.Stamp.Sequence <= w.Last)
                    {
                        w.Rows.Add(pipeline.Waterfall.Row(0).ToArray());
                    }
                }
            }
        }

        var bins = settings.GroundBins;
        var dg = settings.BinSpacingM;
        var png = new PngEncoder();
        foreach (var w in windows)
        {
            if (w.Rows.Count == 0)
            {
                continue;
            }

            var near = w.Row.Number("nearRangeM");
            var far = w.Row.Number("farRangeM") + w.Row.Number("shadowM");
            var from = Math.Clamp((int)Math.Floor((near - MarginM) / dg), 0, bins - 1);
            var to = Math.Clamp((int)Math.Ceiling((far + MarginM) / dg), from + 1, bins);
            var port = w.Row.Text("side") == "port";
            var width = to - from;
            var height = w.Rows.Count;
            var pixels = new byte[width * height];
            for (var y = 0; y < height; y++)
            {
                var row = w.Rows[y];
                for (var x = 0; x < width; x++)
                {
                    // Port far range at the left as in the waterfall; starboard nadir at the left.
                    var bin = port ? to - 1 - x : from + x;
                    pixels[y * width + x] = port ? row[bins - 1 - bin] : row[bins + bin];
                }
            }

            var first = (long)w.Row.Number("firstPing");
            var last = (long)w.Row.Number("lastPing");
            Tick(pixels, width, height, port ? to - 1 - (int)Math.Round(near / dg) : (int)Math.Round(near / dg) - from);
            Tick(pixels, width, height, port ? to - 1 - (int)Math.Round(w.Row.Number("farRangeM") / dg) : (int)Math.Round(w.Row.Number("farRangeM") / dg) - from);
            // Rows before the first / after the last detection keep the margin's height at the top and bottom.
            var top = (int)Math.Min(height - 1, Math.Max(0, first - w.First));
            var bottom = (int)Math.Max(0, Math.Min(height - 1, top + (last - first)));
            for (var x = 0; x < Math.Min(6, width); x++)
            {
                pixels[top * width + x] = 255;
                pixels[bottom * width + x] = 255;
            }

            // Small objects would be a few pixels: magnify by whole pixels so the crop is at least MinSize a side.
            var scale = Math.Clamp(MinSize / Math.Max(1, Math.Min(width, height)), 1, 8);
            var scaled = new byte[width * scale * height * scale];
            for (var y = 0; y < height * scale; y++)
            {
                for (var x = 0; x < width * scale; x++)
                {
                    scaled[y * width * scale + x] = pixels[y / scale * width + x / scale];
                }
            }

            crops[w.Row] = png.Encode(scaled, width * scale, height * scale).ToArray();
        }

        return crops;
    }

    /// <summary>A short white tick at the top and bottom of column <paramref name="x"/>.</summary>
    private static void Tick(byte[] pixels, int width, int height, int x)
    {
        if (x < 0 || x >= width)
        {
            return;
        }

        for (var y = 0; y < Math.Min(6, height); y++)
        {
            pixels[y * width + x] = 255;
            pixels[(height - 1 - y) * width + x] = 255;
        }
    }
}
