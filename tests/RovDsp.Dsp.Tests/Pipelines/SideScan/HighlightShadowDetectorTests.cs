using RovDsp.Dsp.Pipelines.SideScan;

namespace RovDsp.Dsp.Tests.Pipelines.SideScan;

public class HighlightShadowDetectorTests
{
    private static HighlightShadowDetector Make() => new(256, 8, 1.0f, 10, 0.2f, 0.35f, 15);

    [Fact]
    public void Finds_the_exact_bins_of_a_clean_pair()
    {
        var line = Enumerable.Repeat(1f, 200).ToArray();
        for (var i = 40; i < 45; i++)
        {
            line[i] = 3f;
        }
        for (var i = 45; i < 70; i++)
        {
            line[i] = 0.05f;
        }
        var pairs = new HighlightShadowPair[4];
        Assert.Equal(1, Make().Find(line, pairs));
        // Exact: the onset refinement finds bin 45 (first below 0.35); the end is the first bin whose 3-bin mean
        // (0.05 + 1 + 1)/3 = 0.68 reaches 0.35, i.e. bin 69, so the shadow spans [45, 69) (one-bin smoothing bias).
        Assert.Equal(45, pairs[0].ShadowStart);
        Assert.Equal(69, pairs[0].ShadowEnd);
        Assert.Equal(3f, pairs[0].HighlightLevel, 1e-6f);
        Assert.Equal(0.05f, pairs[0].ShadowLevel, 1e-6f);
    }

    [Fact]
    public void Shadow_without_highlight_or_too_short_is_ignored()
    {
        var line = Enumerable.Repeat(1f, 200).ToArray();
        for (var i = 40; i < 60; i++)
        {
            line[i] = 0.02f; // a 20-bin shadow ...
        }
        for (var i = 30; i < 40; i++)
        {
            line[i] = 0.9f; // ... after a dimming (0.9 < highlight level 1.0), not a highlight
        }
        for (var i = 100; i < 105; i++)
        {
            line[i] = 3f;
        }
        for (var i = 105; i < 112; i++)
        {
            line[i] = 0.02f; // 7 bins < 15
        }
        Assert.Equal(0, Make().Find(line, new HighlightShadowPair[4]));
    }

    [Fact]
    public void Stops_when_the_pair_buffer_is_full_and_rejects_long_lines()
    {
        var line = Enumerable.Repeat(1f, 256).ToArray();
        for (var start = 20; start + 30 < 256; start += 50)
        {
            line[start] = 3f;
            for (var i = start + 1; i < start + 21; i++)
            {
                line[i] = 0f;
            }
        }
        var detector = Make();
        Assert.Equal(5, detector.Find(line, new HighlightShadowPair[8]));
        Assert.Equal(2, detector.Find(line, new HighlightShadowPair[2]));
        var e = Assert.Throws<ArgumentException>(() => detector.Find(new float[300], new HighlightShadowPair[2]));
        Assert.Equal("line", e.ParamName);
        Assert.Equal("highlightLevel", Assert.ThrowsAny<ArgumentException>(() => new HighlightShadowDetector(10, 2, 0.3f, 3, 0.2f, 0.35f, 2)).ParamName);
    }
}
