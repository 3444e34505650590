namespace RovDsp.Processing.Feeds;

/// <summary>
/// A token bucket: at most <see cref="Burst"/> events at once and <see cref="RatePerSecond"/> on average. The
/// errors topic goes through one, so a flood of malformed payloads is counted in full but reported at a bounded
/// rate that cannot itself flood the broker.
/// </summary>
/// <remarks>
/// Not <c>System.Threading.RateLimiting.TokenBucketRateLimiter</c>: that one adds whole tokens per replenishment
/// period, on its own timer or when told to, from the wall clock, while this one refills continuously from a clock
/// the caller passes, which its tests drive by hand (the burst, then the average rate, pinned to the token). It was
/// called <c>RateLimiter</c>, the name of the BCL's abstract base class.
/// </remarks>
public sealed class TokenBucket
{
    private readonly Func<long> _clock;
    private readonly double _ticksPerToken;
    private readonly object _gate = new();
    private double _tokens;
    private long _last;

    /// <summary>Creates a bucket, full.</summary>
    /// <param name="ratePerSecond">Average events allowed per second.</param>
    /// <param name="burst">Largest burst allowed.</param>
    /// <param name="clock">Timestamp source in <see cref="TimeSpan"/> ticks (tests pass a fake).</param>
    public TokenBucket(double ratePerSecond, int burst, Func<long>? clock = null)
    {
        if (!(ratePerSecond > 0) || double.IsInfinity(ratePerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "ratePerSecond must be positive and finite");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _clock = clock ?? (() => DateTime.UtcNow.Ticks);
        _ticksPerToken = TimeSpan.TicksPerSecond / ratePerSecond;
        _tokens = burst;
        _last = _clock();
    }

    /// <summary>Average rate allowed.</summary>
    public double RatePerSecond { get; }

    /// <summary>Largest burst allowed.</summary>
    public int Burst { get; }

    /// <summary>Takes a token if one is there.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            var now = _clock();
            _tokens = Math.Min(Burst, _tokens + (now - _last) / _ticksPerToken);
            _last = now;
            if (_tokens < 1.0)
            {
                return false;
            }

            _tokens -= 1.0;
            return true;
        }
    }
}
