using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Tests.Statistics;

public class SelectionTests
{
    [Fact]
    public void UpperMedian_is_the_middle_of_the_sorted_values()
    {
        var rng = new Random(4);
        for (var n = 1; n < 60; n++)
        {
            var x = new float[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = rng.Next(0, 10);
            }
            var sorted = x.OrderBy(v => v).ToArray();
            Assert.Equal(sorted[n / 2], Selection.UpperMedian(x));
        }
        Assert.Equal(0f, Selection.UpperMedian([]));
    }

    [Fact]
    public void KthSmallest_equals_the_sorted_element_for_every_k_with_ties_and_signed_values()
    {
        var rng = new Random(11);
        foreach (var n in new[] { 1, 2, 3, 7, 64, 1001 })
        {
            var values = new float[n];
            for (var i = 0; i < n; i++)
            {
                // Few distinct values (many ties), negatives, infinities and tiny denormals.
                values[i] = (rng.Next(0, 9)) switch
                {
                    0 => float.PositiveInfinity,
                    1 => float.NegativeInfinity,
                    2 => float.Epsilon,
                    _ => (float)Math.Round(rng.NextDouble() * 20 - 10, 1),
                };
            }
            var sorted = values.Order().ToArray();
            for (var k = 0; k < n; k += Math.Max(1, n / 50))
            {
                var x = (float[])values.Clone();
                Assert.Equal(sorted[k], Selection.KthSmallest(x, k));
            }
        }
    }

    [Fact]
    public void KthSmallest_rejects_k_outside_the_span()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.KthSmallest(new float[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.KthSmallest(new float[3], -1));
    }
}
