using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Detection;

/// <summary>
/// Ordered-statistic CFAR (Rohling 1983): the threshold of cell i is α times the k-th smallest of the
/// N = 2·<see cref="TrainingCells"/> training cells around it (beyond <see cref="GuardCells"/> guard cells on each
/// side), with α = <see cref="CfarDesign.OrderedStatisticFactor"/>(N, k, Pfa). Robust to interfering targets in
/// the training window, which bias CA-CFAR.
/// </summary>
/// <remarks>
/// Edge cells (the first and last guard+training cells) get threshold +∞, as in <see cref="CellAveragingCfar"/>.
/// The training cells are kept in a sorted buffer that slides with the cell under test: per cell two cells leave
/// and two enter, each a binary search plus one memmove of at most N floats, instead of a sort per cell.
/// No allocation per call.
/// </remarks>
public sealed class OrderedStatisticCfar
{
    private readonly SortedBuffer _sorted;

    /// <summary>Creates the detector.</summary>
    /// <param name="guardCells">Guard cells on each side of the cell under test, &gt;= 0.</param>
    /// <param name="trainingCells">Training cells on each side, &gt;= 1.</param>
    /// <param name="rank">k, 1-based rank of the order statistic among the 2·trainingCells cells (Rohling's
    /// usual choice is k ≈ 3N/4).</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public OrderedStatisticCfar(int guardCells, int trainingCells, int rank, double pfa)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(guardCells);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        GuardCells = guardCells;
        TrainingCells = trainingCells;
        Rank = rank;
        Pfa = pfa;
        Alpha = CfarDesign.OrderedStatisticFactor(2 * trainingCells, rank, pfa);
        _sorted = new SortedBuffer(2 * trainingCells);
    }

    /// <summary>Guard cells on each side.</summary>
    public int GuardCells { get; }

    /// <summary>Training cells on each side.</summary>
    public int TrainingCells { get; }

    /// <summary>k, the 1-based rank of the order statistic.</summary>
    public int Rank { get; }

    /// <summary>Design probability of false alarm.</summary>
    public double Pfa { get; }

    /// <summary>Threshold factor α applied to the k-th smallest training cell.</summary>
    public double Alpha { get; }

    /// <summary>Cells at each end of a block that get no threshold (guard + training).</summary>
    public int EdgeCells => GuardCells + TrainingCells;

    /// <summary>Writes the threshold of every cell (+∞ for the edge cells). A NaN power value takes a fixed place
    /// in the IEEE total order of the sorted window (it cannot corrupt it) and is never detected.</summary>
    /// <param name="power">Square-law detector output (power, not amplitude).</param>
    /// <param name="threshold">At least as long as <paramref name="power"/>; must not overlap it.</param>
    public void ComputeThreshold(ReadOnlySpan<float> power, Span<float> threshold)
    {
        if (threshold.Length < power.Length)
        {
            throw new ArgumentException("threshold is shorter than power", nameof(threshold));
        }
        var n = power.Length;
        var g = GuardCells;
        var t = TrainingCells;
        var edge = g + t;
        if (n < 2 * edge + 1)
        {
            threshold[..n].Fill(float.PositiveInfinity);
            return;
        }
        threshold[..edge].Fill(float.PositiveInfinity);
        threshold[(n - edge)..n].Fill(float.PositiveInfinity);

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

    /// <summary>
    /// Computes the thresholds and marks the cells whose power exceeds them.
    /// Returns the number of detections.
    /// </summary>
    /// <param name="power">Square-law detector output.</param>
    /// <param name="threshold">Scratch and output for the thresholds, at least as long as <paramref name="power"/>.</param>
    /// <param name="detections">Detection mask, at least as long as <paramref name="power"/>.</param>
    public int Detect(ReadOnlySpan<float> power, Span<float> threshold, Span<bool> detections)
    {
        ComputeThreshold(power, threshold);
        return CfarMask.Compare(power, threshold, detections);
    }
}
