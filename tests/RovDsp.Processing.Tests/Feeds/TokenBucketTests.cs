using Microsoft.Extensions.Time.Testing;
using RovDsp.Processing.Feeds;

namespace RovDsp.Processing.Tests.Feeds;

public class TokenBucketTests
{
    [Fact]
    public void Allows_the_burst_then_the_average_rate()
    {
        // FakeTimeProvider's timestamps are its UtcNow in TimeSpan ticks, so the bucket sees exactly the tick values
        // the hand-driven clock of this test always gave it: the start, then one millisecond more per attempt.
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var limiter = new TokenBucket(10, 5, time);
        var allowed = 0;
        for (var i = 0; i < 100; i++)
        {
            allowed += limiter.TryAcquire() ? 1 : 0;
        }

        Assert.Equal(5, allowed);

        // Ten seconds of 1,000 attempts a second: 10/s get through (100), plus nothing more from the burst.
        allowed = 0;
        for (var ms = 1; ms <= 10_000; ms++)
        {
            time.SetUtcNow(start + TimeSpan.FromTicks(ms * TimeSpan.TicksPerMillisecond));
            allowed += limiter.TryAcquire() ? 1 : 0;
        }

        Assert.InRange(allowed, 99, 101);
    }

    [Fact]
    public void Rejects_nonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>("ratePerSecond", () => new TokenBucket(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>("burst", () => new TokenBucket(1, 0));
    }
}
