using RovDsp.Dsp.Detection;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Detection;

public class CfarDesignTests
{
    private const string File = "detection.json";

    [Fact]
    public void Cell_averaging_factor_matches_closed_form()
    {
        foreach (var c in Fixture.Load(File).GetProperty("ca_factors").EnumerateArray())
        {
            var alpha = CfarDesign.CellAveragingFactor(c.Int("n"), c.Number("pfa"));
            // Same closed form evaluated by numpy: only libm pow rounding differs, rtol 1e-12.
            Assert.Equal(c.Number("alpha"), alpha, 1e-12 * c.Number("alpha"));
            // Round trip through (1 + α/N)^(−N).
            Assert.Equal(c.Number("pfa"), CfarDesign.CellAveragingFalseAlarm(c.Int("n"), alpha), 1e-10 * c.Number("pfa"));
        }
    }

    [Fact]
    public void Ordered_statistic_factor_matches_brentq()
    {
        foreach (var c in Fixture.Load(File).GetProperty("os_factors").EnumerateArray())
        {
            var n = c.Int("n");
            var k = c.Int("k");
            var alpha = CfarDesign.OrderedStatisticFactor(n, k, c.Number("pfa"));
            // scipy.optimize.brentq with xtol 1e-14, rtol 1e-15 against our bisection to full precision: the
            // root of a smooth monotone function agrees to ~1e-12 relative.
            Assert.Equal(c.Number("alpha"), alpha, 1e-10 * c.Number("alpha"));
            Assert.Equal(c.Number("pfa"), CfarDesign.OrderedStatisticFalseAlarm(n, k, alpha), 1e-9 * c.Number("pfa"));
        }
    }

    [Fact]
    public void Ordered_statistic_with_rank_one_of_one_equals_cell_averaging_of_one()
    {
        // N = k = 1: both threshold the single training cell; Pfa = 1/(1+α) in both formulas.
        Assert.Equal(CfarDesign.CellAveragingFactor(1, 1e-3), CfarDesign.OrderedStatisticFactor(1, 1, 1e-3), 1e-9);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("pfa", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.CellAveragingFactor(8, 0)).ParamName);
        Assert.Equal("pfa", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.CellAveragingFactor(8, 1)).ParamName);
        Assert.Equal("trainingCells", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.CellAveragingFactor(0, 0.1)).ParamName);
        Assert.Equal("rank", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.OrderedStatisticFactor(8, 9, 0.1)).ParamName);
        Assert.Equal("rank", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.OrderedStatisticFactor(8, 0, 0.1)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => CfarDesign.OrderedStatisticFalseAlarm(8, 2, -1)).ParamName);
    }
}
