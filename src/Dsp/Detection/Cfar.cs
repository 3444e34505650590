namespace RovDsp.Dsp.Detection;

/// <summary>
/// What the sliding-window CFAR detectors share: guard and training cells on each side of the cell under test, a
/// design false-alarm probability with its threshold factor α, the +∞ edge cells and the detection mask. The
/// detectors differ only in the noise estimate that α multiplies (<see cref="CellAveragingCfar"/>,
/// <see cref="OrderedStatisticCfar"/>).
/// </summary>
/// <remarks>
/// Edge cells: a cell whose full two-sided window does not fit in the block (the first and last guard+training
/// cells) gets threshold +∞ and is never detected, which keeps the false-alarm rate exactly at the design value
/// everywhere else. Not derivable outside this assembly.
/// </remarks>
public abstract class Cfar
{
    /// <summary>Checks and stores the window geometry; the derived constructor sets <see cref="Alpha"/>.</summary>
    /// <param name="guardCells">Guard cells on each side of the cell under test, &gt;= 0.</param>
    /// <param name="trainingCells">Training cells on each side, &gt;= 1.</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1) (checked by the <see cref="CfarDesign"/>
    /// factor the derived constructor computes).</param>
    private protected Cfar(int guardCells, int trainingCells, double pfa)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(guardCells);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        GuardCells = guardCells;
        TrainingCells = trainingCells;
        Pfa = pfa;
    }

    /// <summary>Guard cells on each side.</summary>
    public int GuardCells { get; }

    /// <summary>Training cells on each side.</summary>
    public int TrainingCells { get; }

    /// <summary>Design probability of false alarm.</summary>
    public double Pfa { get; }

    /// <summary>Threshold factor α applied to the noise estimate (the training-cell mean for CA-CFAR, the k-th
    /// smallest training cell for OS-CFAR).</summary>
    public double Alpha { get; private protected init; }

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
        var edge = EdgeCells;
        if (n < 2 * edge + 1)
        {
            threshold[..n].Fill(float.PositiveInfinity);
            return;
        }
        threshold[..edge].Fill(float.PositiveInfinity);
        threshold[(n - edge)..n].Fill(float.PositiveInfinity);
        ComputeInteriorThreshold(power, threshold[..n]);
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

    /// <summary>
    /// Writes the thresholds of the cells whose whole window fits, <see cref="EdgeCells"/> .. n − EdgeCells − 1.
    /// Called only when there is at least one such cell; <paramref name="threshold"/> has the length of
    /// <paramref name="power"/>.
    /// </summary>
    private protected abstract void ComputeInteriorThreshold(ReadOnlySpan<float> power, Span<float> threshold);
}
