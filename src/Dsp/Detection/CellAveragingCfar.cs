namespace RovDsp.Dsp.Detection;

/// <summary>
/// Cell-averaging CFAR over a block of square-law power samples: the threshold of cell i is α/N times the sum of
/// the <see cref="Cfar.TrainingCells"/> cells on each side beyond <see cref="Cfar.GuardCells"/> guard cells
/// (N = 2·training), with α = <see cref="CfarDesign.CellAveragingFactor"/>(N, Pfa) so that i.i.d. exponential
/// noise exceeds it with probability Pfa.
/// </summary>
/// <remarks>
/// Edge cells get threshold +∞ (see <see cref="Cfar"/>). The two window sums slide along the block in double
/// precision (one add and one subtract per side per cell), so the cost per cell does not depend on N. No allocation
/// per call.
/// </remarks>
public sealed class CellAveragingCfar : Cfar
{
    private readonly double _scale;

    /// <summary>Creates the detector.</summary>
    /// <param name="guardCells">Guard cells on each side of the cell under test, &gt;= 0.</param>
    /// <param name="trainingCells">Training cells on each side, &gt;= 1.</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public CellAveragingCfar(int guardCells, int trainingCells, double pfa)
        : base(guardCells, trainingCells, pfa)
    {
        Alpha = CfarDesign.CellAveragingFactor(2 * trainingCells, pfa);
        _scale = Alpha / (2 * trainingCells);
    }

    /// <inheritdoc/>
    private protected override void ComputeInteriorThreshold(ReadOnlySpan<float> power, Span<float> threshold)
    {
        var n = power.Length;
        var g = GuardCells;
        var t = TrainingCells;
        var edge = g + t;

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
}
