using System.Numerics;

namespace RovDsp.Dsp.Detection;

/// <summary>
/// Where <see cref="CellAveragingCfar2D"/>'s CFAR pass records a detected cell: the count of all found, the
/// mask and the scan-order list of those that fit the list. One place for "record the lanes over threshold",
/// whichever vector width or the scalar tail found them.
/// </summary>
internal struct CfarDetections
{
    private readonly byte[] _mask;
    private readonly int[] _list;

    /// <summary>Records into <paramref name="mask"/> and <paramref name="list"/> (its length is the capacity).</summary>
    public CfarDetections(byte[] mask, int[] list)
    {
        _mask = mask;
        _list = list;
    }

    /// <summary>Cells detected so far, listed or not.</summary>
    public int Found { get; private set; }

    /// <summary>Cells listed (and marked in the mask) so far.</summary>
    public int Listed { get; private set; }

    /// <summary>Records cell <paramref name="idx"/>.</summary>
    public void Add(int idx)
    {
        Found++;
        if (Listed < _list.Length)
        {
            _mask[idx] = 1;
            _list[Listed++] = idx;
        }
    }

    /// <summary>Records cell <paramref name="first"/> + i for each set bit i of <paramref name="lanes"/>, lowest
    /// first (scan order).</summary>
    public void AddLanes(uint lanes, int first)
    {
        while (lanes != 0)
        {
            var lane = BitOperations.TrailingZeroCount(lanes);
            lanes &= lanes - 1;
            Add(first + lane);
        }
    }
}
