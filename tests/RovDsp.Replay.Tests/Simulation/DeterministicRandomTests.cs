using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Tests.Simulation;

public class DeterministicRandomTests
{
    [Fact]
    public void Xoshiro256StarStar_matches_the_reference_implementation_from_state_1_2_3_4()
    {
        // Outputs of Vigna's xoshiro256starstar.c next() from s = {1, 2, 3, 4}, worked by hand from the
        // published algorithm (result = rotl(s1 * 5, 7) * 9): 11520, 0, 1509978240, 1215971899390074240.
        var random = new DeterministicRandom(1, 2, 3, 4);
        Assert.Equal(11520UL, random.NextUInt64());
        Assert.Equal(0UL, random.NextUInt64());
        Assert.Equal(1509978240UL, random.NextUInt64());
        Assert.Equal(1215971899390074240UL, random.NextUInt64());
    }

    [Fact]
    public void Same_seed_gives_the_same_sequence_and_forks_are_independent_of_parent_use()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var forkBefore = b.Fork("echosounder").NextUInt64();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        Assert.Equal(forkBefore, new DeterministicRandom(42).Fork("echosounder").NextUInt64());
        Assert.NotEqual(forkBefore, new DeterministicRandom(42).Fork("multibeam").NextUInt64());
        Assert.NotEqual(forkBefore, new DeterministicRandom(43).Fork("echosounder").NextUInt64());
    }

    [Fact]
    public void Gaussian_deviates_have_unit_variance_and_normal_tails()
    {
        var random = new DeterministicRandom(7);
        const int N = 200_000;
        double sum = 0, sumSq = 0;
        var beyond2 = 0;
        for (var i = 0; i < N; i++)
        {
            var g = random.NextGaussian();
            sum += g;
            sumSq += g * g;
            if (Math.Abs(g) > 2.0)
            {
                beyond2++;
            }
        }

        var mean = sum / N;
        var variance = sumSq / N - mean * mean;
        // Standard errors at N = 200,000: mean 0.0022, variance 0.0032; bounds are about 5 of them.
        Assert.InRange(mean, -0.011, 0.011);
        Assert.InRange(variance, 0.984, 1.016);
        // P(|Z| > 2) = 0.0455 (closed form, 2·(1 − Φ(2))); its standard error here is 0.00047.
        Assert.InRange(beyond2 / (double)N, 0.0455 - 0.0025, 0.0455 + 0.0025);
    }

    [Fact]
    public void Uniform_doubles_stay_in_range_and_integers_cover_their_range()
    {
        var random = new DeterministicRandom(9);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            counts[random.NextInt(10)]++;
        }

        // Expected 10,000 each, standard deviation ~95.
        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }
}
