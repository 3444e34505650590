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
/// called <c>RateLimiter</c>, the name of the BCL's abstract base class. Elapsed time comes from
/// <see cref="TimeProvider.GetTimestamp"/> (monotonic, so a wall-clock step neither floods nor starves the bucket).
/// </remarks>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _timestampsPerToken;
    private readonly object _gate = new();
    private double _tokens;
    private long _last;

    /// <summary>Creates a bucket, full.</summary>
    /// <param name="ratePerSecond">Average events allowed per second.</param>
    /// <param name="burst">Largest burst allowed.</param>
    /// <param name="timeProvider">Where elapsed time comes from: <see cref="TimeProvider.System"/> when null (tests
    /// pass a fake).</param>
    public TokenBucket(double ratePerSecond, int burst, TimeProvider? timeProvider = null)
    {
        if (!(ratePerSecond > 0) || double.IsInfinity(ratePerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "ratePerSecond must be positive and finite");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        _timestampsPerToken = _time.TimestampFrequency / ratePerSecond;
        _tokens = burst;
        _last = _time.GetTimestamp();
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
            var now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + (now - _last) / _timestampsPerToken);
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
