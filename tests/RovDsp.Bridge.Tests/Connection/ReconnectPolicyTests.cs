using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Connection;

public class ReconnectPolicyTests
{
    [Fact]
    public void Ceiling_doubles_from_the_base_and_stops_at_the_cap()
    {
        var p = new ReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), p.Ceiling(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), p.Ceiling(1));
        Assert.Equal(TimeSpan.FromMilliseconds(3200), p.Ceiling(5));
        Assert.Equal(TimeSpan.FromSeconds(5), p.Ceiling(6));
        Assert.Equal(TimeSpan.FromSeconds(5), p.Ceiling(1000));
    }

    [Fact]
    public void Jittered_delays_fill_the_whole_interval_under_the_ceiling()
    {
        var p = new ReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));
        var delays = Enumerable.Range(0, 4000).Select(_ => p.NextDelay(3).TotalMilliseconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 0.0, 800.0));
        // Full jitter is uniform on [0, 800 ms]: mean 400, and both ends of the interval are reached.
        Assert.InRange(delays.Average(), 380.0, 420.0);
        Assert.True(delays.Min() < 20 && delays.Max() > 780);
    }

    [Fact]
    public void Rejects_nonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>("baseDelay", () => new ReconnectPolicy(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>("maxDelay", () => new ReconnectPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }
}
