namespace RovDsp.Dsp.Detection;

/// <summary>
/// Threshold factors for CFAR detectors on square-law (exponentially distributed) noise power, the design side of
/// <see cref="CellAveragingCfar"/> and <see cref="OrderedStatisticCfar"/>. The threshold is α times the noise
/// estimate (the training-cell mean for CA, the k-th smallest training cell for OS).
/// </summary>
public static class CfarDesign
{
    /// <summary>
    /// CA-CFAR factor α = N·(Pfa^(−1/N) − 1) for a threshold α·mean(training cells) (M. A. Richards,
    /// Fundamentals of Radar Signal Processing, McGraw-Hill, chapter on CFAR detection), exact for i.i.d.
    /// exponential noise (square-law detected complex Gaussian noise).
    /// </summary>
    /// <param name="trainingCells">N, the total number of training cells (both sides), at least 1.</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public static double CellAveragingFactor(int trainingCells, double pfa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        CheckPfa(pfa);
        return trainingCells * (Math.Pow(pfa, -1.0 / trainingCells) - 1.0);
    }

    /// <summary>False-alarm probability of CA-CFAR with factor α over N cells: (1 + α/N)^(−N).</summary>
    public static double CellAveragingFalseAlarm(int trainingCells, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        CheckAlpha(alpha);
        return Math.Pow(1.0 + alpha / trainingCells, -trainingCells);
    }

    /// <summary>
    /// False-alarm probability of OS-CFAR whose threshold is α times the k-th smallest of N training cells
    /// (Rohling 1983, "Radar CFAR thresholding in clutter and multiple target situations", IEEE Trans. AES-19):
    /// Pfa = Π_{i=0}^{k−1} (N−i)/(N−i+α).
    /// </summary>
    /// <param name="trainingCells">N, the total number of training cells.</param>
    /// <param name="rank">k, 1-based rank of the order statistic (1 = smallest, N = largest).</param>
    /// <param name="alpha">Threshold factor, &gt;= 0.</param>
    public static double OrderedStatisticFalseAlarm(int trainingCells, int rank, double alpha)
    {
        CheckRank(trainingCells, rank);
        CheckAlpha(alpha);
        return Math.Exp(LogOrderedStatisticFalseAlarm(trainingCells, rank, alpha));
    }

    /// <summary>
    /// OS-CFAR factor α solving <see cref="OrderedStatisticFalseAlarm"/>(N, k, α) = Pfa. The log of the product
    /// is strictly decreasing in α, so the root is bracketed by doubling and then found by bisection to full
    /// double precision.
    /// </summary>
    /// <param name="trainingCells">N, the total number of training cells (both sides), at least 1.</param>
    /// <param name="rank">k, 1-based rank in 1..N (Rohling suggests k ≈ 3N/4).</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    public static double OrderedStatisticFactor(int trainingCells, int rank, double pfa)
    {
        CheckRank(trainingCells, rank);
        CheckPfa(pfa);
        var target = Math.Log(pfa);
        double lo = 0;
        double hi = 1;
        while (LogOrderedStatisticFalseAlarm(trainingCells, rank, hi) > target)
        {
            lo = hi;
            hi *= 2;
        }
        for (var iter = 0; iter < 200; iter++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi)
            {
                break;
            }
            if (LogOrderedStatisticFalseAlarm(trainingCells, rank, mid) > target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double LogOrderedStatisticFalseAlarm(int n, int k, double alpha)
    {
        var s = 0.0;
        for (var i = 0; i < k; i++)
        {
            s += Math.Log((n - i) / (n - i + alpha));
        }
        return s;
    }

    private static void CheckPfa(double pfa)
    {
        if (!(pfa > 0 && pfa < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pfa), pfa, "pfa must be in (0, 1)");
        }
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0) || double.IsPositiveInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be finite and >= 0");
        }
    }

    private static void CheckRank(int trainingCells, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        if (rank < 1 || rank > trainingCells)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, "rank must be in 1..trainingCells");
        }
    }
}
