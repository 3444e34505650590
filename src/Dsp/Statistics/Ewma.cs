namespace RovDsp.Dsp.Statistics;

/// <summary>
/// Exponentially weighted moving average y[n] = α·x[n] + (1−α)·y[n−1], identical to
/// <c>scipy.signal.lfilter([α], [1, α−1], x, zi=[(1−α)·y₋₁])</c>, where y₋₁ is <see cref="InitialValue"/>
/// (0 by default, which is lfilter without zi).
/// </summary>
/// <remarks>
/// The recursion is inherently serial, so it runs as a scalar loop; the state is kept in double so that small α
/// (long memory) does not lose the input's low bits. Bit-identical for any block splitting; in-place allowed.
/// </remarks>
public sealed class Ewma : IStreamProcessor
{
    private readonly double _alpha;
    private readonly double _decay;
    private double _y;

    /// <summary>Creates the average.</summary>
    /// <param name="alpha">Smoothing factor in (0, 1]; 1 passes the input through.</param>
    /// <param name="initialValue">y₋₁, the average before the first sample.</param>
    public Ewma(double alpha, double initialValue = 0.0)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1]");
        }
        if (!double.IsFinite(initialValue))
        {
            throw new ArgumentOutOfRangeException(nameof(initialValue), initialValue, "initialValue must be finite");
        }
        _alpha = alpha;
        // lfilter's feedback coefficient is −a1 = −(α − 1); computed the same way for identical rounding.
        _decay = -(alpha - 1.0);
        InitialValue = initialValue;
        _y = initialValue;
    }

    /// <summary>Smoothing factor α.</summary>
    public double Alpha => _alpha;

    /// <summary>The average before the first sample (y₋₁).</summary>
    public double InitialValue { get; }

    /// <summary>The current average (the last output, in double precision).</summary>
    public double Value => _y;

    /// <inheritdoc />
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("output is shorter than input", nameof(output));
        }
        var y = _y;
        var a = _alpha;
        var d = _decay;
        for (var i = 0; i < input.Length; i++)
        {
            y = a * input[i] + d * y;
            output[i] = (float)y;
        }
        _y = y;
    }

    /// <inheritdoc />
    public void Reset() => _y = InitialValue;
}
