using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Dsp.Tests.Pipelines.SideScan;

/// <summary>
/// The whole Scotsman Iver2 recording (461 pings, 2 × 1024 samples, 30 m slant range, 600 kHz) through the
/// pipeline. Looking at the waterfall first (dumped as a PGM with ROVDSP_DUMP_DIR set): the wreck lies to
/// STARBOARD, over pings ~170–370 of the file, from ~5 to ~16 m ground range, with a deep acoustic shadow behind
/// its far side starting at ~10–12 m; the port side is plain seabed with a few small dark blobs (stones or
/// burrows) around pings 240–430.
/// </summary>
public class SideScanXtfTests(ITestOutputHelper output)
{
    private const string File = "xtf/scotsman-iver2.xtf";

    // The wreck window in file ping indices (what the waterfall shows, see the class summary).
    private const int WreckFirst = 160;
    private const int WreckLast = 380;

    private sealed record Run(List<(int Index, SideScanTarget Target)> Targets, List<SideScanResult> Results,
        float[] RecordedAltitude, byte[] Image, int Width, int Rows);

    private static Run RunFile(bool useRecordedAltitude)
    {
        var contents = new XtfReader(SharedData.Read(File)).ReadAll();
        var settings = new SideScanSettings { MaxGroundRangeM = 30, GroundBins = 512, WaterfallLines = 512 };
        var pipeline = new SideScanPipeline(settings);
        var line = new SideScanLine(2048);
        var targets = new List<(int, SideScanTarget)>();
        var results = new List<SideScanResult>();
        var recorded = new float[contents.Pings.Count];
        for (var i = 0; i < contents.Pings.Count; i++)
        {
            var ping = contents.Pings[i];
            recorded[i] = ping.Header.SensorPrimaryAltitude;
            Assert.True(XtfSideScan.TryFill(ping, line, portFarFirst: true, useRecordedAltitude));
            results.Add(pipeline.Process(line));
            foreach (var t in pipeline.Targets)
            {
                targets.Add((i, t));
            }
        }
        var image = new byte[pipeline.Waterfall.Width * pipeline.Waterfall.Count];
        var rows = pipeline.Waterfall.CopyTo(image);
        return new Run(targets, results, recorded, image, pipeline.Waterfall.Width, rows);
    }

    [SharedDataFact]
    public void PortChannelIsStoredFarRangeFirst()
    {
        // The reason for portFarFirst: the quiet water column of port sits at the end of the channel, of starboard
        // at the start. Mean of the last vs first 10 % of samples over the file.
        var contents = new XtfReader(SharedData.Read(File)).ReadAll();
        double portHead = 0, portTail = 0, stbdHead = 0, stbdTail = 0;
        foreach (var ping in contents.Pings)
        {
            var p = ping.PortSamples;
            var s = ping.StarboardSamples;
            for (var i = 20; i < 100; i++)
            {
                portHead += p[i];
                stbdHead += s[i];
                portTail += p[p.Length - 1 - i];
                stbdTail += s[s.Length - 1 - i];
            }
        }
        Assert.True(portTail < 0.2 * portHead, $"port tail {portTail} head {portHead}");
        Assert.True(stbdHead < 0.2 * stbdTail, $"starboard head {stbdHead} tail {stbdTail}");
    }

    [SharedDataFact]
    public void DetectedAltitudeFollowsTheRecordedOne()
    {
        var run = RunFile(useRecordedAltitude: false);
        Assert.All(run.Results, r => Assert.True(r.Accepted));
        Assert.All(run.Results, r => Assert.Equal(SideScanAltitudeSource.Detected, r.AltitudeSource));
        // The recorded altitude (0 in the first ping = unknown) falls from ~10.7 to ~2.7 m; the first bottom
        // return reads 0.7–4 m higher (a different sensor and the nearest seabed patch, possibly sloping), so the
        // check is that it tracks it: correlation > 0.9 and never below it by more than 0.5 m.
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < run.Results.Count; i++)
        {
            if (run.RecordedAltitude[i] > 0)
            {
                x.Add(run.RecordedAltitude[i]);
                y.Add(run.Results[i].AltitudeM);
                Assert.True(run.Results[i].AltitudeM > run.RecordedAltitude[i] - 0.5, $"ping {i}: {run.Results[i].AltitudeM} vs {run.RecordedAltitude[i]}");
            }
        }
        var r = Correlation(x, y);
        output.WriteLine($"correlation {r:F3}, first {y[0]:F2}/{x[0]:F2}, last {y[^1]:F2}/{x[^1]:F2}");
        Assert.True(r > 0.9, $"correlation {r}");
    }

    [SharedDataFact]
    public void WreckShowsWithDetectedAltitude() => AssertWreck(useRecordedAltitude: false);

    [SharedDataFact]
    public void WreckShowsWithRecordedAltitude() => AssertWreck(useRecordedAltitude: true);

    private void AssertWreck(bool useRecordedAltitude)
    {
        var run = RunFile(useRecordedAltitude);
        var dir = Environment.GetEnvironmentVariable("ROVDSP_DUMP_DIR");
        if (dir is not null)
        {
            using var f = System.IO.File.Create(Path.Combine(dir, $"sidescan_waterfall_{useRecordedAltitude}.pgm"));
            f.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{run.Width} {run.Rows}\n255\n"));
            f.Write(run.Image);
        }

        var wreck = run.Targets.Where(t => t.Target.Side == SideScanSide.Starboard && t.Index >= WreckFirst && t.Index <= WreckLast).ToList();
        var elsewhere = run.Targets.Where(t => !(t.Target.Side == SideScanSide.Starboard && t.Index >= WreckFirst && t.Index <= WreckLast)).ToList();
        // The wreck's far-side shadow: targets whose shadow starts at 9–13 m ground range.
        var farSide = wreck.Where(t => t.Target.GroundRangeM is >= 9f and <= 13f).ToList();
        var lines = farSide.Select(t => t.Index).Distinct().Order().ToList();
        var ranges = farSide.Select(t => (double)t.Target.GroundRangeM).Order().ToList();
        var heights = farSide.Select(t => (double)t.Target.HeightM).Order().ToList();
        output.WriteLine($"wreck targets {wreck.Count}, far-side {farSide.Count} in {lines.Count} lines, pings {lines[0]}–{lines[^1]}, " +
                         $"median range {ranges[ranges.Count / 2]:F2} m, median height {heights[heights.Count / 2]:F2} m, elsewhere {elsewhere.Count}");
        foreach (var e in elsewhere)
        {
            output.WriteLine($"  elsewhere: ping {e.Index} {e.Target.Side} {e.Target.GroundRangeM:F1} m, shadow {e.Target.ShadowLengthM:F1} m");
        }

        // What the run shows (detected altitude: 162 lines, pings 185–370, median 10.85 m; recorded altitude
        // similar): at least 120 of the ~200 wreck pings carry a far-side target...
        Assert.True(lines.Count >= 120, $"{lines.Count} lines with a far-side target");
        // ... in one consecutive run: the longest stretch with gaps of at most 3 pings spans >= 120 pings...
        Assert.True(LongestRun(lines, 3) >= 120, $"longest run {LongestRun(lines, 3)}");
        // ... at a consistent range (median 10–12 m, inter-quartile range within 2 m) ...
        var median = ranges[ranges.Count / 2];
        Assert.InRange(median, 10.0, 12.0);
        Assert.True(ranges[3 * ranges.Count / 4] - ranges[ranges.Count / 4] < 2.0, "inter-quartile range of the far-side ranges");
        // ... with a height below the altitude (h = a·L/(R+L) < a by construction; a real object, > 0.3 m).
        Assert.InRange(heights[heights.Count / 2], 0.3, 5.0);
        // Elsewhere (port, and starboard outside the wreck pings) is quiet: at most 20 targets in 922 side-lines
        // (the run shows 11, all small port blobs).
        Assert.True(elsewhere.Count <= 20, $"{elsewhere.Count} targets away from the wreck");
        Assert.True(elsewhere.Count(e => e.Target.Side == SideScanSide.Starboard) <= 3);
    }

    private static int LongestRun(List<int> sorted, int maxGap)
    {
        var best = 0;
        var start = 0;
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i == sorted.Count || sorted[i] - sorted[i - 1] > maxGap + 1)
            {
                best = Math.Max(best, sorted[i - 1] - sorted[start] + 1);
                start = i;
            }
        }
        return best;
    }

    private static double Correlation(List<double> x, List<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
