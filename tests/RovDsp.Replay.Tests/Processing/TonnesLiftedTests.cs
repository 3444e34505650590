using System.Text;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Tests.Processing;

/// <summary><see cref="TonnesLifted"/>: the day counter's restart is added, a dip of the counter (a slightly negative
/// dry-solids rate) is not.</summary>
public sealed class TonnesLiftedTests
{
    [Fact]
    public void A_restart_adds_the_days_last_value_and_a_dip_is_not_a_restart()
    {
        var feed = new FeedTable("rov/rov1/feed/slurry/line1");
        double[] dry = [0.010, 0.0095, 0.012, 0.020, 0.0002, 0.003];
        for (var i = 0; i < dry.Length; i++)
        {
            feed.Add(i * 100_000_000L, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{{\"dryTonnesToday\":{dry[i]}}}")));
        }

        // 0.020 t on the first day, then 0.003 t on the next; the fall from 0.010 to 0.0095 t is a dip, not a new day
        // (counting it as one would add 0.010 t that were never lifted twice).
        Assert.Equal(0.023, TonnesLifted.Over(feed, "dryTonnesToday"), 9);
        Assert.True(double.IsNaN(TonnesLifted.Over(feed, "wetTonnesToday")));
    }
}
