using RovDsp.Dsp.Detection;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Obstacles;

/// <summary>The 2-D CFAR obstacle detector on closed-form synthetic images.</summary>
public class PolarObstacleDetectorTests
{
    private const int Beams = 128;
    private const int Bins = 600;
    private const float Start = 0.5f;
    private const float Dr = 0.03f;

    public static IEnumerable<object[]> MultiLookCases => Fixture.CaseNames("imaging.json", "multilook");

    private static float[] Bearings(int beams, double spanRad)
    {
        var b = new float[beams];
        for (var i = 0; i < beams; i++)
        {
            b[i] = (float)(-spanRad / 2 + spanRad * i / (beams - 1));
        }
        return b;
    }

    /// <summary>Unit-mean exponential intensity (fully developed speckle), averaged over <paramref name="looks"/>.</summary>
    private static float[] Noise(int cells, int seed, int looks = 1)
    {
        var rng = new Random(seed);
        var x = new float[cells];
        for (var i = 0; i < cells; i++)
        {
            var s = 0.0;
            for (var l = 0; l < looks; l++)
            {
                s -= Math.Log(1.0 - rng.NextDouble());
            }
            x[i] = (float)(s / looks);
        }
        return x;
    }

    private static void AddBlob(float[] image, int bins, int beam0, int beams, int bin0, int binsLong, float level)
    {
        for (var b = beam0; b < beam0 + beams; b++)
        {
            for (var r = bin0; r < bin0 + binsLong; r++)
            {
                image[b * bins + r] += level;
            }
        }
    }

    [Theory]
    [MemberData(nameof(MultiLookCases))]
    public void Multi_look_factor_matches_scipy_quadrature(string name)
    {
        var c = Fixture.Case("imaging.json", name, "multilook");
        var n = c.Int("n");
        var looks = c.Int("looks");
        // The C# closed-form sum and bisection vs scipy's quadrature + brentq: quad's relative accuracy
        // (epsrel 1e-12) bounds the agreement; 1e-9 leaves room for the bisection stop and the log.
        Assert.Equal(c.Number("alpha"), CfarDesign.MultiLookCellAveragingFactor(n, c.Number("pfa"), looks), 1e-9 * c.Number("alpha"));
        Assert.Equal(c.Number("pfa_at_2"), CfarDesign.MultiLookCellAveragingFalseAlarm(n, 2.0, looks), 1e-9 * c.Number("pfa_at_2"));
    }

    [Fact]
    public void Multi_look_one_look_is_Richards_formula()
    {
        Assert.Equal(CfarDesign.CellAveragingFactor(40, 1e-4), CfarDesign.MultiLookCellAveragingFactor(40, 1e-4, 1), 1e-12);
        Assert.Equal(CfarDesign.CellAveragingFalseAlarm(40, 7.0), CfarDesign.MultiLookCellAveragingFalseAlarm(40, 7.0, 1), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>("looks", () => CfarDesign.MultiLookCellAveragingFactor(40, 1e-4, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void False_alarm_rate_on_exponential_noise_matches_pfa(int looks)
    {
        const double Pfa = 1e-3;
        var settings = new ObstacleDetectorSettings { Pfa = Pfa, Looks = looks, MinCells = 1 };
        var det = new PolarObstacleDetector(settings, Beams, Bins);
        var bearings = Bearings(Beams, 2.0);
        var output = new Obstacle[4096];
        long hits = 0;
        long tested = 0;
        for (var frame = 0; frame < 4; frame++)
        {
            det.Process(Noise(Beams * Bins, 100 + frame, looks), Beams, Bins, bearings, Start, Dr, output);
            hits += det.DetectionCount;
            tested += det.TestedCells;
        }
        // Each tested cell is detected with probability exactly Pfa (i.i.d. noise, exact α). Counts of
        // neighbouring cells are weakly correlated through shared training cells (N = 9·37 − 3·21 = 270), so the variance is
        // close to binomial; accept ±5σ of the binomial count (a false failure rate below 1e-6).
        var expected = Pfa * tested;
        var sigma = Math.Sqrt(tested * Pfa * (1 - Pfa));
        Assert.InRange(hits, expected - 5 * sigma, expected + 5 * sigma);
        Assert.Equal((Beams - 8) * (Bins - 36) * 4L, tested);
    }

    [Fact]
    public void Blob_is_detected_at_its_range_and_bearing()
    {
        var image = Noise(Beams * Bins, 7);
        // 3 beams × 6 bins at +20 dB over the unit-mean noise, beams 70-72, bins 300-305.
        AddBlob(image, Bins, 70, 3, 300, 6, 100f);
        var bearings = Bearings(Beams, 2.0);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins);
        var output = new Obstacle[16];
        var n = det.Process(image, Beams, Bins, bearings, Start, Dr, output);
        Assert.Equal(1, n);
        var o = output[0];
        // Range to the nearest cell: bin 300 exactly (a +20 dB cell is detected with near certainty; the
        // guard of 4 bins keeps the blob's own cells out of its threshold). Tolerance: one bin.
        Assert.Equal(Start + 300 * Dr, o.RangeM, Dr);
        // Strength-weighted bearing: the middle beam (71), within half a beam spacing.
        var spacing = bearings[1] - bearings[0];
        Assert.Equal(bearings[71], o.BearingRad, spacing / 2);
        Assert.InRange(o.CellCount, 12, 18);
        Assert.Equal(6 * Dr, o.DepthM, Dr);
        // Width: 3 beams of arc at the blob's range, one spacing of slack.
        Assert.Equal(3 * spacing * o.RangeM, o.WidthM, spacing * o.RangeM);
        // Peak: 10·log10(100 + noise) ≈ 20 dB.
        Assert.InRange(o.StrengthDb, 20f, 20.5f);
    }

    [Fact]
    public void Clusters_merge_across_small_gaps_only()
    {
        var image = new float[Beams * Bins];
        image.AsSpan().Fill(1f);
        // Two blobs on the same beams with a 2-bin gap (merge gap 2 bins: one cluster) and a third 10 bins on.
        AddBlob(image, Bins, 60, 2, 200, 3, 1000f);
        AddBlob(image, Bins, 60, 2, 205, 3, 1000f);
        AddBlob(image, Bins, 60, 2, 218, 3, 1000f);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings { GuardBins = 2, MergeGapBins = 2, MergeDistanceM = 0 }, Beams, Bins);
        var output = new Obstacle[16];
        var n = det.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output);
        Assert.Equal(2, n);
        Assert.Equal(12, output[0].CellCount);
        Assert.Equal(Start + 200 * Dr, output[0].RangeM, 1e-5f);
        Assert.Equal(8 * Dr, output[0].DepthM, 1e-5f);
        Assert.Equal(6, output[1].CellCount);
        Assert.Equal(Start + 218 * Dr, output[1].RangeM, 1e-5f);

        var strict = new PolarObstacleDetector(new ObstacleDetectorSettings { GuardBins = 2, MergeGapBins = 1, MergeDistanceM = 0 }, Beams, Bins);
        Assert.Equal(3, strict.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output));

        // By distance: the third blob's gap is 9 bins = 0.27 m, within MergeDistanceM 0.3 m: all one obstacle.
        var near = new PolarObstacleDetector(new ObstacleDetectorSettings { GuardBins = 2, MergeGapBins = 2, MergeDistanceM = 0.3 }, Beams, Bins);
        Assert.Equal(1, near.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output));
        Assert.Equal(18, output[0].CellCount);
        Assert.Equal(21 * Dr, output[0].DepthM, 1e-5f);
    }

    [Fact]
    public void Merge_distance_joins_fragments_across_beams()
    {
        var image = new float[Beams * Bins];
        image.AsSpan().Fill(1f);
        // Two blobs on beams 50-51 and 58-59 at bin 300 (9.5 m): the 6-beam gap is 6·(2/127) rad·9.5 m ≈ 0.9 m.
        AddBlob(image, Bins, 50, 2, 300, 3, 1000f);
        AddBlob(image, Bins, 58, 2, 300, 3, 1000f);
        var bearings = Bearings(Beams, 2.0);
        var output = new Obstacle[4];
        var apart = new PolarObstacleDetector(new ObstacleDetectorSettings { MergeDistanceM = 0.8 }, Beams, Bins);
        Assert.Equal(2, apart.Process(image, Beams, Bins, bearings, Start, Dr, output));
        var joined = new PolarObstacleDetector(new ObstacleDetectorSettings { MergeDistanceM = 1.0 }, Beams, Bins);
        Assert.Equal(1, joined.Process(image, Beams, Bins, bearings, Start, Dr, output));
        Assert.Equal(12, output[0].CellCount);
        Assert.Equal(0.5f * (bearings[54] + bearings[55]), output[0].BearingRad, 1e-4f);
    }

    [Fact]
    public void Range_ring_across_the_fan_is_dropped_obstacle_kept()
    {
        var image = Noise(Beams * Bins, 21);
        // A seabed ring: 2 bins at +13 dB on every other beam across the fan, at bin 150; a blob at bin 400.
        for (var b = 0; b < Beams; b += 2)
        {
            image[b * Bins + 150] += 20f;
            image[b * Bins + 151] += 20f;
        }
        AddBlob(image, Bins, 60, 3, 400, 6, 100f);
        var output = new Obstacle[64];
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings { MergeDistanceM = 0 }, Beams, Bins);
        var n = det.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output);
        Assert.Equal(1, n);
        Assert.Equal(Start + 400 * Dr, output[0].RangeM, Dr);
        Assert.True(det.RingDetections > 60, $"{det.RingDetections} ring detections");
        var off = new PolarObstacleDetector(new ObstacleDetectorSettings { MergeDistanceM = 0, RingRejectFraction = 0, MergeGapBeams = 1 }, Beams, Bins);
        Assert.True(off.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output) > 1);
    }

    [Fact]
    public void Min_peak_drops_dim_clusters()
    {
        var image = new float[Beams * Bins];
        image.AsSpan().Fill(0.01f);
        AddBlob(image, Bins, 60, 3, 400, 6, 1f); // 20 dB over its surroundings but only 0 dB absolute
        var output = new Obstacle[4];
        Assert.Equal(0, new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins)
            .Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output));
        Assert.Equal(1, new PolarObstacleDetector(new ObstacleDetectorSettings { MinPeakDb = -1 }, Beams, Bins)
            .Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output));
    }

    [Fact]
    public void Bearing_is_circular_mean_across_plus_minus_pi()
    {
        // A 360° scan whose beams 60-63 straddle ±π: the mean must be near π, not near 0.
        var bearings = new float[Beams];
        for (var i = 0; i < Beams; i++)
        {
            bearings[i] = (float)Math.IEEERemainder(Math.PI + (i - 61.5) * 0.01, 2 * Math.PI);
        }
        var image = new float[Beams * Bins];
        image.AsSpan().Fill(1f);
        AddBlob(image, Bins, 60, 4, 300, 4, 1000f);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins);
        var output = new Obstacle[4];
        Assert.Equal(1, det.Process(image, Beams, Bins, bearings, Start, Dr, output));
        Assert.True(Math.Abs(Math.IEEERemainder(output[0].BearingRad - Math.PI, 2 * Math.PI)) < 0.006,
            $"bearing {output[0].BearingRad}");
        Assert.Equal(4 * 0.01 * output[0].RangeM, output[0].WidthM, 1e-3);
    }

    [Fact]
    public void Nearest_in_corridor_picks_the_nearest_ahead_inside_the_strip()
    {
        var corridor = new CorridorSettings { HalfWidthM = 1f, MaxRangeM = 10f };
        Obstacle[] obstacles =
        [
            new(3f, 0.6f, 0.2f, 0.1f, 10f, 5),   // 1.69 m to starboard: outside
            new(8f, 0.05f, 0.5f, 0.2f, 10f, 5),  // inside, 7.99 ahead
            new(5f, -0.15f, 0.4f, 0.2f, 10f, 5), // 0.75 m to port: inside, 4.94 ahead
            new(12f, 0f, 1f, 0.2f, 10f, 5),      // beyond MaxRange
            new(4f, 0.3f, 0.6f, 0.2f, 10f, 5),   // 1.18 m lateral but 0.3 m half-width: edge inside, 3.82 ahead
        ];
        Assert.True(PolarObstacleDetector.NearestInCorridor(obstacles, corridor, out var nearest));
        Assert.Equal(obstacles[4], nearest);
        Assert.False(PolarObstacleDetector.NearestInCorridor(obstacles.AsSpan(0, 1), corridor, out var none));
        Assert.Equal(default, none);
        Assert.False(PolarObstacleDetector.NearestInCorridor(ReadOnlySpan<Obstacle>.Empty, corridor, out _));
    }

    [Fact]
    public void Output_keeps_the_nearest_when_too_short()
    {
        var image = new float[Beams * Bins];
        image.AsSpan().Fill(1f);
        AddBlob(image, Bins, 40, 2, 400, 3, 1000f);
        AddBlob(image, Bins, 80, 2, 100, 3, 1000f);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins);
        var output = new Obstacle[1];
        Assert.Equal(1, det.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output));
        Assert.Equal(2, det.ClusterCount);
        Assert.Equal(Start + 100 * Dr, output[0].RangeM, 1e-5f);
    }

    [Fact]
    public void Process_allocates_nothing_after_warm_up()
    {
        var image = Noise(Beams * Bins, 9);
        AddBlob(image, Bins, 40, 2, 400, 3, 1000f);
        var bearings = Bearings(Beams, 2.0);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins);
        var output = new Obstacle[8];
        det.Process(image, Beams, Bins, bearings, Start, Dr, output);
        AllocationProbe.AssertSteadyStateAllocatesNothing(() =>
        {
            det.Process(image, Beams, Bins, bearings, Start, Dr, output);
        });
    }

    [Fact]
    public void NaN_cells_are_never_detected_and_do_not_throw()
    {
        var image = Noise(Beams * Bins, 11);
        image[50 * Bins + 300] = float.NaN;
        AddBlob(image, Bins, 90, 2, 400, 3, 1000f);
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), Beams, Bins);
        var output = new Obstacle[8];
        var n = det.Process(image, Beams, Bins, Bearings(Beams, 2.0), Start, Dr, output);
        Assert.Equal(0, det.DetectionMask[50 * Bins + 300]);
        Assert.Contains(output.AsSpan(0, n).ToArray(), o => Math.Abs(o.RangeM - (Start + 400 * Dr)) < 1e-4);
    }

    [Fact]
    public void Small_image_has_no_testable_cells()
    {
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), 16, 16);
        var image = new float[16 * 16];
        image.AsSpan().Fill(1f);
        Assert.Equal(0, det.Process(image, 16, 16, new float[16], 0f, 0.1f, new Obstacle[4]));
        Assert.Equal(0, det.TestedCells);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentException>("Pfa", () => new PolarObstacleDetector(new ObstacleDetectorSettings { Pfa = 1.5 }, 8, 8));
        Assert.Throws<ArgumentException>("MinCells", () => new PolarObstacleDetector(new ObstacleDetectorSettings { MinCells = 0 }, 8, 8));
        Assert.Throws<ArgumentException>("TrainingBins", () => new PolarObstacleDetector(new ObstacleDetectorSettings { TrainingBins = 0, TrainingBeams = 0 }, 8, 8));
        Assert.Throws<ArgumentOutOfRangeException>("maxBeams", () => new PolarObstacleDetector(new ObstacleDetectorSettings(), 0, 8));
        var det = new PolarObstacleDetector(new ObstacleDetectorSettings(), 8, 8);
        var image = new float[64];
        var bearings = new float[8];
        var output = new Obstacle[2];
        Assert.Throws<ArgumentOutOfRangeException>("beams", () => det.Process(image, 9, 8, bearings, 0f, 0.1f, output));
        Assert.Throws<ArgumentOutOfRangeException>("bins", () => det.Process(image, 8, 0, bearings, 0f, 0.1f, output));
        Assert.Throws<ArgumentException>("image", () => det.Process(image.AsSpan(0, 10), 8, 8, bearings, 0f, 0.1f, output));
        Assert.Throws<ArgumentException>("bearingsRad", () => det.Process(image, 8, 8, bearings.AsSpan(0, 3), 0f, 0.1f, output));
        Assert.Throws<ArgumentOutOfRangeException>("binSpacingM", () => det.Process(image, 8, 8, bearings, 0f, 0f, output));
        Assert.Throws<ArgumentOutOfRangeException>("startRangeM", () => det.Process(image, 8, 8, bearings, float.NaN, 0.1f, output));
        Assert.Throws<ArgumentException>("HalfWidthM", () => new CorridorSettings { HalfWidthM = 0f }.Validate());
    }
}
