using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Detection;

/// <summary>
/// Ordered-statistic CFAR (Rohling 1983): the threshold of cell i is α times the k-th smallest of the
/// N = 2·<see cref="Cfar.TrainingCells"/> training cells around it (beyond <see cref="Cfar.GuardCells"/> guard
/// cells on each side), with α = <see cref="CfarDesign.OrderedStatisticFactor"/>(N, k, Pfa). Robust to interfering
/// targets in the training window, which bias CA-CFAR.
/// </summary>
/// <remarks>
/// Edge cells get threshold +∞ (see <see cref="Cfar"/>).
/// The training cells are kept in a sorted buffer that slides with the cell under test: per cell two cells leave
/// and two enter, each a binary search plus one memmove of at most N floats, instead of a sort per cell.
/// No allocation per call. A NaN power value takes a fixed place in the IEEE total order of the sorted window (it
/// cannot corrupt it) and is never detected.
/// </remarks>
public sealed class OrderedStatisticCfar : Cfar
{
    private readonly SortedBuffer _sorted;

    /// <summary>Creates the detector.</summary>
    /// <param name="guardCells">Guard cells on each side of the cell under test, &gt;= 0.</param>
    /// <param name="trainingCells">Training cells on each side, &gt;= 1.</param>
    /// <param name="rank">k, 1-based rank of the order statistic among the 2·trainingCells cells (Rohling's
    /// usual choice is k ≈ 3N/4).</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public OrderedStatisticCfar(int guardCells, int trainingCells, int rank, double pfa)
        : base(guardCells, trainingCells, pfa)
    {
        Rank = rank;
        Alpha = CfarDesign.OrderedStatisticFactor(2 * trainingCells, rank, pfa);
        _sorted = new SortedBuffer(2 * trainingCells);
    }

    /// <summary>k, the 1-based rank of the order statistic.</summary>
    public int Rank { get; }

    /// <inheritdoc/>
    private protected override void ComputeInteriorThreshold(ReadOnlySpan<float> power, Span<float> threshold)
    {
        var n = power.Length;
        var g = GuardCells;
        var t = TrainingCells;
        var edge = g + t;
        var sorted = _sorted;
        sorted.Clear();
        for (var j = 0; j < t; j++)
        {
            sorted.Insert(power[j]);
            sorted.Insert(power[edge + g + 1 + j]);
        }
        var alpha = Alpha;
        var k = Rank - 1;
        var last = n - edge - 1;
        for (var i = edge; ; i++)
        {
            threshold[i] = (float)(alpha * sorted[k]);
            if (i == last)
            {
                break;
            }
            sorted.Replace(power[i - edge], power[i - g]);
            sorted.Replace(power[i + g + 1], power[i + edge + 1]);
        }
    }
}
