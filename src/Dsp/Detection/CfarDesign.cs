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
    /// CA-CFAR factor for multi-look (averaged) cells: every cell, the one under test and each of the N training
    /// cells, is the mean of <paramref name="looks"/> independent exponential intensities (a speckle-reduced or
    /// incoherently integrated image), and the threshold is α·mean(training cells). Solves
    /// <see cref="MultiLookCellAveragingFalseAlarm"/> = Pfa for α by bisection in the log domain (the
    /// false-alarm probability falls strictly with α). With one look this is
    /// <see cref="CellAveragingFactor(int, double)"/>.
    /// </summary>
    /// <param name="trainingCells">N, the total number of training cells, at least 1.</param>
    /// <param name="pfa">Design probability of false alarm in (0, 1).</param>
    /// <param name="looks">L, independent looks averaged into each cell, at least 1.</param>
    public static double MultiLookCellAveragingFactor(int trainingCells, double pfa, int looks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(looks, 1);
        CheckPfa(pfa);
        if (looks == 1)
        {
            return CellAveragingFactor(trainingCells, pfa);
        }
        var target = Math.Log(pfa);
        double lo = 0;
        double hi = 1;
        while (LogCellAveragingFalseAlarm(trainingCells, hi, looks) > target)
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
            if (LogCellAveragingFalseAlarm(trainingCells, mid, looks) > target)
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

    /// <summary>
    /// False-alarm probability of CA-CFAR on L-look cells (see <see cref="MultiLookCellAveragingFactor"/>).
    /// With the cell under test X ~ Gamma(L) and the training sum S ~ Gamma(N·L) (unit-scale looks), a detection
    /// is X &gt; c·S with c = α/N, and conditioning on S (the Erlang tail of X) gives
    /// Pfa = Σ_{k=0}^{L−1} c^k/k! · Γ(M+k)/Γ(M) · (1+c)^−(M+k), M = N·L; for L = 1 this is (1 + α/N)^−N.
    /// The terms follow the recurrence t_{k+1} = t_k · c/(1+c) · (M+k)/(k+1) from t_0 = (1+c)^−M.
    /// </summary>
    /// <param name="trainingCells">N, the total number of training cells, at least 1.</param>
    /// <param name="alpha">Threshold factor, finite and &gt;= 0.</param>
    /// <param name="looks">L, independent looks per cell, at least 1.</param>
    public static double MultiLookCellAveragingFalseAlarm(int trainingCells, double alpha, int looks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainingCells, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(looks, 1);
        CheckAlpha(alpha);
        return Math.Exp(LogCellAveragingFalseAlarm(trainingCells, alpha, looks));
    }

    private static double LogCellAveragingFalseAlarm(int n, double alpha, int looks)
    {
        var c = alpha / n;
        var m = (double)n * looks;
        var logT0 = -m * Math.Log(1.0 + c);
        // Sum the terms relative to t_0 (all positive), then add log t_0 back: no underflow for large M.
        var ratio = c / (1.0 + c);
        var term = 1.0;
        var sum = 1.0;
        for (var k = 0; k < looks - 1; k++)
        {
            term *= ratio * (m + k) / (k + 1);
            sum += term;
        }
        return logT0 + Math.Log(sum);
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
