using System.Text.Json;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Replay.Cli;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Processing;

/// <summary>
/// The annotations processed.mcap draws on its images land on what they name, judged from the image pixels (decoded
/// by <see cref="GreyPng"/>), not from the code that placed them: the side-scan wreck's box sits on its bright hull,
/// its far edge where the shadow starts and its near edge where the return begins, the fan's nearest-obstacle circle and the scanning sonar's obstacle circles each on an echo twice as bright as the seabed around it. Every annotation
/// message has its image's log time, so a viewer pairs them.
/// </summary>
public sealed class ImageAnnotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-annotations-").FullName;
    private readonly ITestOutputHelper _output;

    public ImageAnnotationTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SharedDataFact]
    public async Task The_wreck_box_on_the_waterfall_holds_the_hull_and_its_shadow_starts_at_the_far_edge()
    {
        var mcap = Path.Combine(_dir, "xtf.mcap");
        Assert.Equal(0, await ReplayCli.RunAsync(["import", Path.Combine(SharedData.Directory!, "xtf", "scotsman-iver2.xtf"), "-o", mcap], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await ReplayCli.RunAsync(["process", mcap, "-o", Path.Combine(_dir, "out"), "--no-plots"], TextWriter.Null, TextWriter.Null));
        var pairs = Pairs(Path.Combine(_dir, "out", "processed.mcap"), "rov/rov1/feed/waterfall/sidescan1");

        // The last image on which the wreck (the largest box) is drawn whole.
        var (png, annotations) = pairs.Last(p => Boxes(p.Annotations).Any(b => b.Bottom - b.Top > 150));
        var (width, height, pixels) = GreyPng.Decode(png);
        var box = Boxes(annotations).MaxBy(b => b.Bottom - b.Top);
        Assert.True(box.Left > width / 2, "the wreck is to starboard");
        double Mean(double x0, double x1, double y0, double y1)
        {
            double sum = 0;
            var n = 0;
            for (var y = (int)y0; y < (int)Math.Min(y1, height); y++)
            {
                for (var x = (int)x0; x < (int)Math.Min(x1, width); x++)
                {
                    sum += pixels[y * width + x];
                    n++;
                }
            }

            return sum / n;
        }

        var inside = Mean(box.Left, box.Right, box.Top, box.Bottom);
        // The same ranges on the lines before the wreck (below the box: older lines) are open seabed. The far edge is
        // where the shadow starts: the 1.5 m inside it are several times brighter than the 1.5 m beyond it. The near edge
        // is where the return begins: the 1 m inside it are brighter than the 1 m nearer (50 m over 512 columns).
        const double column = 50.0 / 512;
        var before = Mean(box.Left, box.Right, box.Bottom, box.Bottom + (box.Bottom - box.Top));
        Assert.True(inside > 1.3 * before, $"inside {inside:F1}, the same ranges before the wreck {before:F1}");
        var insideFar = Mean(box.Right - 1.5 / column, box.Right, box.Top, box.Bottom);
        var shadow = Mean(box.Right + 1, box.Right + 1 + 1.5 / column, box.Top, box.Bottom);
        Assert.True(insideFar > 3 * shadow, $"1.5 m inside the far edge {insideFar:F1}, 1.5 m beyond it {shadow:F1}");
        var insideNear = Mean(box.Left, box.Left + 1 / column, box.Top, box.Bottom);
        var nearer = Mean(box.Left - 1 / column, box.Left, box.Top, box.Bottom);
        Assert.True(insideNear > 1.8 * nearer, $"1 m inside the near edge {insideNear:F1}, 1 m nearer {nearer:F1}");
    }

    [Fact]
    public async Task The_nearest_obstacle_circle_on_the_fan_is_on_a_bright_echo()
    {
        var folder = Path.Combine(_dir, "obstacle");
        Assert.Equal(0, await ReplayCli.RunAsync(["process", RepoFiles.Recording("obstacle.mcap"), "-o", folder, "--no-plots", "--image-rate", "2"], TextWriter.Null, TextWriter.Null));
        var pairs = Pairs(Path.Combine(folder, "processed.mcap"), "rov/rov1/feed/fan/multibeam1");
        var checkedCircles = CirclesOnEchoes(pairs, circle => circle.GetProperty("outline_color").GetProperty("g").GetDouble() < 0.5);
        Assert.True(checkedCircles >= 5, $"{checkedCircles} nearest-obstacle circles");
    }

    [Fact]
    public async Task The_scanning_sonars_obstacle_circles_on_its_scan_image_are_on_bright_echoes()
    {
        var folder = Path.Combine(_dir, "obstacle-scan");
        Assert.Equal(0, await ReplayCli.RunAsync(["process", RepoFiles.Recording("obstacle.mcap"), "-o", folder, "--no-plots", "--image-rate", "2"], TextWriter.Null, TextWriter.Null));
        // Every circle: the scan image holds the whole turn, and each sector's obstacles are drawn where they are in it.
        var checkedCircles = CirclesOnEchoes(Pairs(Path.Combine(folder, "processed.mcap"), "rov/rov1/feed/scan/scan1"), _ => true);
        Assert.True(checkedCircles >= 5, $"{checkedCircles} scanning-sonar obstacle circles");
    }

    // Each chosen circle's brightest pixel against the mean of the lit pixels around it (out to 3 radii): an obstacle
    // circled where there is no echo (a wrong origin, scale or bearing sign) fails.
    private int CirclesOnEchoes(List<(byte[] Png, JsonElement Annotations)> pairs, Func<JsonElement, bool> chosen)
    {
        var checkedCircles = 0;
        foreach (var (png, annotations) in pairs)
        {
            var (width, height, pixels) = GreyPng.Decode(png);
            foreach (var circle in annotations.GetProperty("circles").EnumerateArray().Where(chosen))
            {
                double cx = circle.GetProperty("position").GetProperty("x").GetDouble(), cy = circle.GetProperty("position").GetProperty("y").GetDouble();
                var r = circle.GetProperty("diameter").GetDouble() / 2;
                var brightest = 0;
                double around = 0;
                var n = 0;
                for (var y = (int)(cy - 3 * r); y <= cy + 3 * r; y++)
                {
                    for (var x = (int)(cx - 3 * r); x <= cx + 3 * r; x++)
                    {
                        if (x < 0 || y < 0 || x >= width || y >= height)
                        {
                            continue;
                        }

                        var d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                        var p = pixels[y * width + x];
                        if (d2 <= r * r)
                        {
                            brightest = Math.Max(brightest, p);
                        }
                        else if (p > 0)
                        {
                            around += p;
                            n++;
                        }
                    }
                }

                _output.WriteLine($"circle at ({cx}, {cy}) on {width}x{height}: brightest {brightest}, mean around it {around / n:F1}");
                Assert.True(brightest > 2 * around / n, $"circle at ({cx}, {cy}): brightest {brightest}, mean around it {around / n:F1}");
                checkedCircles++;
            }
        }

        return checkedCircles;
    }

    private static List<(byte[] Png, JsonElement Annotations)> Pairs(string path, string imageTopic)
    {
        using var reader = McapReader.Open(path);
        var channels = reader.ReadSummary().Channels.Values.ToDictionary(c => c.Topic, c => c.Id);
        var image = channels[imageTopic];
        var annotation = channels[imageTopic + "/annotations"];
        var images = new List<(ulong Time, byte[] Png)>();
        var annotations = new List<(ulong Time, JsonElement Json)>();
        foreach (var m in reader.ReadMessages())
        {
            if (m.ChannelId == image)
            {
                using var doc = JsonDocument.Parse(m.Data);
                images.Add((m.LogTime, doc.RootElement.GetProperty("data").GetBytesFromBase64()));
            }
            else if (m.ChannelId == annotation)
            {
                using var doc = JsonDocument.Parse(m.Data);
                annotations.Add((m.LogTime, doc.RootElement.Clone()));
            }
        }

        Assert.Equal(images.Count, annotations.Count);
        Assert.NotEmpty(images);
        Assert.Equal(images.Select(i => i.Time), annotations.Select(a => a.Time));
        return images.Zip(annotations, (i, a) => (i.Png, a.Json)).ToList();
    }

    private static IEnumerable<(double Left, double Right, double Top, double Bottom)> Boxes(JsonElement annotations) =>
        annotations.GetProperty("points").EnumerateArray().Select(p =>
        {
            var points = p.GetProperty("points").EnumerateArray().Select(q => (X: q.GetProperty("x").GetDouble(), Y: q.GetProperty("y").GetDouble())).ToList();
            return (points.Min(q => q.X), points.Max(q => q.X), points.Min(q => q.Y), points.Max(q => q.Y));
        });
}
