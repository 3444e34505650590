using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Dsp.Tests.Pipelines.Multibeam;

/// <summary>
/// The imaging pipeline over the three real Oculus pings in shared/data (liboculus' captures: 2.1 MHz,
/// 256 beams over ±30°, 703 rows of 2.84 mm, a 2 m range). Their strongest return is a saturated band across
/// the whole fan from about 0.74 m to 1.2 m (a tank wall or floor): a surface, not an obstacle.
/// </summary>
public class OculusRealPingTests(ITestOutputHelper output)
{
    /// <summary>The Oculus sends range-compensated images (values stay near 100 out to 2 m): no second
    /// compensation. The fragment-merge distance scales with the 2 m range (0.3 m at 20 m → 0.03 m).</summary>
    private static readonly MultibeamSettings Settings = new()
    {
        ApplyRangeCompensation = false,
        Detector = new() { MergeDistanceM = 0.03 },
    };

    private static IEnumerable<OculusSimplePingResult> Pings()
    {
        var data = SharedData.Read("oculus/three_pings_8bit.raw");
        var split = OculusStreamSplitter.Split(data);
        Assert.Equal(3, split.Messages.Count);
        foreach (var m in split.Messages)
        {
            yield return OculusSimplePingResult.Parse(m.Bytes.Span, m.Offset);
        }
    }

    [SharedDataFact]
    public void RealPings_FanImageShowsTheData_NoObstacleOnTheWall_DetectionsOnLocalMaxima_Repeatable()
    {
        var pipeline = new MultibeamPipeline(Settings);
        var frame = new MultibeamFrame();
        var i = 0;
        var perPing = new List<RovDsp.Dsp.Pipelines.Obstacles.Obstacle[]>();
        foreach (var ping in Pings())
        {
            OculusFrameAdapter.Fill(ping, frame, new MessageStamp(i * 100_000_000L, (uint)i));
            var res = pipeline.Process(frame);
            Assert.True(res.Valid);
            var beams = ping.BeamCount;
            var bins = ping.RangeCount;
            foreach (var v in pipeline.Image)
            {
                Assert.True(float.IsFinite(v) && v >= 0);
            }

            // Fan image: the wall band at 1.0 m is bright on every bearing, the dim water at 0.3 m is darker,
            // and the corners outside the ±30° fan are black.
            var fanImage = new byte[512 * 512];
            var fan = pipeline.RenderFan(fanImage);
            foreach (var deg in new[] { -25f, 0f, 25f })
            {
                var bearing = deg * MathF.PI / 180;
                var (c1, r1) = fan.PixelOf(1.0f, bearing);
                var (c2, r2) = fan.PixelOf(0.3f, bearing);
                var wall = fanImage[r1 * fan.Width + c1];
                var water = fanImage[r2 * fan.Width + c2];
                Assert.True(wall >= 100 && wall > water + 50, $"ping {i} at {deg}°: wall {wall}, water {water}");
            }
            Assert.Equal(0, fanImage[0]);
            Assert.Equal(0, fanImage[fan.Width - 1]);
            var nonZero = 0;
            foreach (var p in fanImage)
            {
                nonZero += p != 0 ? 1 : 0;
            }
            // A ±30° sector of radius 2 m in its 2 m × 2 m bounding square covers 52 % of it.
            Assert.InRange(nonZero, 0.4 * fan.Width * fan.Height, 0.6 * fan.Width * fan.Height);

            // The wall is a surface: no obstacle is reported inside the band (0.8-1.15 m); the CFAR sees its
            // leading edge as a range-wide step, not a target.
            foreach (var o in res.Obstacles)
            {
                output.WriteLine($"ping {i}: obstacle R {o.RangeM:F3} B {o.BearingRad * 180 / Math.PI:F1} W {o.WidthM:F3} D {o.DepthM:F3} S {o.StrengthDb:F1} N {o.CellCount}");
                Assert.False(o.RangeM > 0.8f && o.RangeM < 1.15f, $"obstacle at {o.RangeM:F3} m inside the wall band");
            }

            // Where the CFAR does fire, it fires on local maxima of the raw image: every detected cell's raw
            // value is at least the median of its own range row across the fan.
            var raw = new float[beams * bins];
            ping.CopyImageTo(raw);
            var mask = pipeline.Detector.DetectionMask;
            var row = new float[beams];
            int detected = 0, aboveMedian = 0;
            for (var c = 0; c < mask.Length; c++)
            {
                if (mask[c] == 0)
                {
                    continue;
                }
                var b = c / bins;
                var r = c - b * bins;
                raw.AsSpan(r * beams, beams).CopyTo(row);
                Array.Sort(row);
                detected++;
                // The 3-bin speckle filter can put a detection one row off its raw peak: take the brightest of
                // the three rows.
                var v = Math.Max(raw[r * beams + b], Math.Max(r > 0 ? raw[(r - 1) * beams + b] : 0, r + 1 < bins ? raw[(r + 1) * beams + b] : 0));
                aboveMedian += v >= row[beams / 2] ? 1 : 0;
            }
            output.WriteLine($"ping {i}: detections {detected}, on or above their row's median {aboveMedian}");
            Assert.True(detected > 0);
            Assert.True(aboveMedian >= 0.95 * detected, $"{aboveMedian} of {detected}");
            perPing.Add(res.Obstacles.ToArray());
            i++;
        }

        // Three consecutive pings of a static scene: every obstacle of the first is in the other two, within
        // two rows (5.7 mm) and one beam (0.24°).
        Assert.NotEmpty(perPing[0]);
        foreach (var o in perPing[0])
        {
            for (var k = 1; k < perPing.Count; k++)
            {
                Assert.Contains(perPing[k], p => Math.Abs(p.RangeM - o.RangeM) <= 0.0057f
                    && Math.Abs(p.BearingRad - o.BearingRad) <= 0.25f * MathF.PI / 180);
            }
        }
    }

    [SharedDataFact]
    public void RealPings_AnInjectedTargetIsFoundAtItsRangeAndBearing()
    {
        // A 3-beam × 8-row echo of amplitude 150 (the water around it reads 15-30) injected at 0.45 m, beams
        // 63-65 (−15°), into each real ping: it must come out as an obstacle at that place.
        var pipeline = new MultibeamPipeline(Settings);
        var frame = new MultibeamFrame();
        var i = 0;
        foreach (var ping in Pings())
        {
            OculusFrameAdapter.Fill(ping, frame, new MessageStamp(i, (uint)i));
            var row0 = (int)Math.Round(0.45 / ping.RangeResolution);
            for (var r = row0; r < row0 + 8; r++)
            {
                for (var b = 63; b < 66; b++)
                {
                    frame.ByteSamples[r * ping.BeamCount + b] = 150; // 8-bit pings are carried as bytes
                }
            }
            var res = pipeline.Process(frame);
            var found = false;
            foreach (var o in res.Obstacles)
            {
                output.WriteLine($"ping {i}: R {o.RangeM:F3} B {o.BearingRad * 180 / Math.PI:F2} W {o.WidthM:F3} N {o.CellCount}");
                // Range within two rows (speckle filter), bearing within one beam (0.24°) of beam 64.
                found |= Math.Abs(o.RangeM - row0 * ping.RangeResolution) <= 2 * ping.RangeResolution
                    && Math.Abs(o.BearingRad - ping.BearingDegrees(64) * Math.PI / 180) <= 0.25 * Math.PI / 180;
            }
            Assert.True(found, $"ping {i}: the injected target was not found");
            i++;
        }
    }
}
