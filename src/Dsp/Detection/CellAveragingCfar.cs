namespace RovDsp.Dsp.Detection;

/// <summary>
/// Cell-averaging CFAR over a block of square-law power samples: the threshold of cell i is α/N times the sum of
/// the <see cref="TrainingCells"/> cells on each side beyond <see cref="GuardCells"/> guard cells
/// (N = 2·training), with α = <see cref="CfarDesign.CellAveragingFactor"/>(N, Pfa) so that i.i.d. exponential
/// noise exceeds it with probability Pfa.
/// </summary>
/// <remarks>
/// Edge cells: a cell whose full two-sided window does not fit in the block (the first and last guard+training
/// cells) gets threshold +∞ and is never detected, which keeps the false-alarm rate exactly at the design value
/// everywhere else. The two window sums slide along the block in double precision (one add and one subtract per
/// side per cell), so the cost per cell does not depend on N. No allocation per call.
/// </remarks>
public sealed class CellAveragingCfar
{
    private readonly double _scale;

    /// <summary>Creates the detector.</summary>
    /// <param name="guardCells">Guard cells on each side of the cell under test, &gt;= 0.</param>
    /// <param name="trainingCells">Training cells on each side, &gt;= 1.</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public CellAveragingCfar(int guardCells, int trainingCells, double pfa)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(guardCells);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        GuardCells = guardCells;
        TrainingCells = trainingCells;
        Pfa = pfa;
        Alpha = CfarDesign.CellAveragingFactor(2 * trainingCells, pfa);
        _scale = Alpha / (2 * trainingCells);
    }

    /// <summary>Guard cells on each side.</summary>
    public int GuardCells { get; }

    /// <summary>Training cells on each side.</summary>
    public int TrainingCells { get; }

    /// <summary>Design probability of false alarm.</summary>
    public double Pfa { get; }

    /// <summary>Threshold factor α applied to the training-cell mean.</summary>
    public double Alpha { get; }

    /// <summary>Cells at each end of a block that get no threshold (guard + training).</summary>
    public int EdgeCells => GuardCells + TrainingCells;

    /// <summary>Writes the threshold of every cell (+∞ for the edge cells).</summary>
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

        // Windows of the first cell i = edge: left [0, t), right [edge + g + 1, edge + g + t].
        double left = 0;
        double right = 0;
        for (var j = 0; j < t; j++)
        {
            left += power[j];
            right += power[edge + g + 1 + j];
        }
        var scale = _scale;
        var last = n - edge - 1;
        for (var i = edge; ; i++)
        {
            threshold[i] = (float)(scale * (left + right));
            if (i == last)
            {
                break;
            }
            // Slide to i+1: left gains cell i−g, loses i−g−t; right gains i+g+t+1, loses i+g+1.
            left += (double)power[i - g] - power[i - edge];
            right += (double)power[i + edge + 1] - power[i + g + 1];
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
