namespace RovDsp.Dsp.Statistics;

/// <summary>
/// Causal sliding median: output n is the median of the last <see cref="Window"/> inputs x[n−w+1..n], the
/// trailing-window counterpart of <c>np.median(sliding_window_view(x, w), axis=-1)</c>.
/// </summary>
/// <remarks>
/// Warm-up: while fewer than <see cref="Window"/> samples have arrived (n &lt; w−1), the output is the median of
/// all samples so far (x[0..n]), so the first output equals the first input; nothing is zero-padded. For an even
/// count the median is the mean of the two middle values, as <c>numpy.median</c>. Cost per sample is two binary
/// searches and one memmove of at most w floats (a sorted window plus a ring of raw samples). A NaN input is
/// ordered by the IEEE total order (below −∞ for the usual negative-signed NaN) instead of corrupting the window:
/// medians may be NaN or shifted while it is in the window and are exact again once it has left. The output is bit-identical however the input is split into blocks; in-place use is allowed.
/// </remarks>
public sealed class RunningMedian : IStreamProcessor
{
    private readonly float[] _ring;
    private readonly SortedBuffer _sorted;
    private int _next;

    /// <summary>Creates a running median over the last <paramref name="window"/> samples.</summary>
    /// <param name="window">Window length in samples, at least 1.</param>
    public RunningMedian(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Window = window;
        _ring = new float[window];
        _sorted = new SortedBuffer(window);
    }

    /// <summary>Window length in samples.</summary>
    public int Window { get; }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("output is shorter than input", nameof(output));
        }
        var ring = _ring;
        var sorted = _sorted;
        var next = _next;
        for (var i = 0; i < input.Length; i++)
        {
            var x = input[i];
            if (sorted.Count == ring.Length)
            {
                sorted.Replace(ring[next], x);
            }
            else
            {
                sorted.Insert(x);
            }
            ring[next] = x;
            next = next + 1 == ring.Length ? 0 : next + 1;
            output[i] = sorted.Median();
        }
        _next = next;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _sorted.Clear();
        _next = 0;
        Array.Clear(_ring);
    }
}
