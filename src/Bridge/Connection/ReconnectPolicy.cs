namespace RovDsp.Bridge.Connection;

/// <summary>
/// How long to wait before the next connection attempt: capped exponential backoff with "full jitter"
/// (delay drawn uniformly from [0, min(cap, base·2^attempt)]; Brooker, "Exponential Backoff And Jitter", AWS
/// Architecture Blog, 2015). Jitter keeps a fleet of clients from reconnecting in lock-step after a broker
/// restart; the cap keeps a pilot's feed from staying dark for minutes once the broker is back. MQTTnet 5
/// leaves reconnection to the application (ManagedMqttClient is gone).
/// </summary>
public sealed class ReconnectPolicy
{
    private readonly Random _random;

    /// <summary>Creates a policy.</summary>
    /// <param name="baseDelay">Upper bound of the first wait.</param>
    /// <param name="maxDelay">Cap on any wait.</param>
    /// <param name="random">Jitter source (seeded in tests).</param>
    public ReconnectPolicy(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "baseDelay must be positive");
        }

        if (maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "maxDelay must be at least baseDelay");
        }

        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = random ?? Random.Shared;
    }

    /// <summary>The default for the bridge: 100 ms base, 5 s cap.</summary>
    public static ReconnectPolicy Default => new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>Upper bound of the first wait.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Cap on any wait.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>The ceiling of the wait before attempt <paramref name="attempt"/> (0-based): min(cap, base·2^attempt).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = BaseDelay.Ticks * Math.Pow(2.0, Math.Min(attempt, 40));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The jittered wait before attempt <paramref name="attempt"/>.</summary>
    public TimeSpan NextDelay(int attempt) => TimeSpan.FromTicks((long)(_random.NextDouble() * Ceiling(attempt).Ticks));
}
