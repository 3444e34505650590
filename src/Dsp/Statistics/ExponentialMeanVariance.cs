namespace RovDsp.Dsp.Statistics;

/// <summary>
/// Exponentially weighted mean and variance, the exponential counterpart of <see cref="RunningMeanVariance"/>,
/// for adaptive thresholds that should forget slowly without a fixed window. Per sample (T. Finch 2009,
/// "Incremental calculation of weighted mean and variance", §9): d = x − μ; μ += α·d; σ² = (1−α)(σ² + α·d²).
/// </summary>
/// <remarks>
/// The first sample initialises μ = x₀, σ² = 0, so there is no start-up bias towards 0. With that start the
/// recursion equals exactly the weighted statistics μₙ = Σ wᵢxᵢ and σ²ₙ = Σ wᵢ(xᵢ − μₙ)² with weights
/// wᵢ = α(1−α)^(n−i) for i ≥ 1 and w₀ = (1−α)ⁿ (they sum to 1), which is what the tests compare against.
/// The mean equals <see cref="Ewma"/> with initial value x₀. State in double; updates are serial (a recursion).
/// Centring on the running mean keeps it stable for large offsets. Does not implement
/// <see cref="IStreamProcessor"/> (two outputs); block splitting does not change the output.
/// </remarks>
public sealed class ExponentialMeanVariance
{
    private readonly double _alpha;
    private readonly double _decay;
    private bool _started;
    private double _mean;
    private double _variance;

    /// <summary>Creates the statistics.</summary>
    /// <param name="alpha">Weight of the newest sample, in (0, 1]; the effective memory is about 1/α samples.</param>
    public ExponentialMeanVariance(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1]");
        }
        _alpha = alpha;
        _decay = 1.0 - alpha;
    }

    /// <summary>Weight of the newest sample.</summary>
    public double Alpha => _alpha;

    /// <summary>Current mean (0 before the first sample).</summary>
    public double Mean => _mean;

    /// <summary>Current variance (0 before the second sample).</summary>
    public double Variance => _variance;

    /// <summary>
    /// Processes one block. <paramref name="mean"/> and <paramref name="variance"/> must each be at least as long
    /// as <paramref name="input"/>; either may be the input span itself.
    /// </summary>
    public void Process(ReadOnlySpan<float> input, Span<float> mean, Span<float> variance)
    {
        if (mean.Length < input.Length)
        {
            throw new ArgumentException("mean is shorter than input", nameof(mean));
        }
        if (variance.Length < input.Length)
        {
            throw new ArgumentException("variance is shorter than input", nameof(variance));
        }
        var i = 0;
        if (!_started && input.Length > 0)
        {
            _started = true;
            _mean = input[0];
            _variance = 0;
            mean[0] = input[0];
            variance[0] = 0f;
            i = 1;
        }
        var mu = _mean;
        var v = _variance;
        var a = _alpha;
        var decay = _decay;
        for (; i < input.Length; i++)
        {
            var d = input[i] - mu;
            var inc = a * d;
            mu += inc;
            v = decay * (v + d * inc);
            mean[i] = (float)mu;
            variance[i] = (float)v;
        }
        _mean = mu;
        _variance = v;
    }

    /// <summary>Returns the object to the state it had just after construction.</summary>
    public void Reset()
    {
        _started = false;
        _mean = 0;
        _variance = 0;
    }
}
