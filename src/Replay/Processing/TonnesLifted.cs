namespace RovDsp.Replay.Processing;

/// <summary>
/// What the slurry line lifted over a whole dive, from its feed's per-day counters (<c>dryTonnesToday</c>,
/// <c>wetTonnesToday</c>), which restart from zero at each operating day's start: the last value of each day the dive
/// touches, added up. A restart is recognised by the counter's fall rather than by the reading's time, because the
/// pipeline restarts its totals when its integration (a few seconds behind the newest reading) crosses the boundary.
/// A fall of no more than <see cref="DipTonnes"/> is a dip (a slightly negative dry-solids rate near zero flow), not a
/// restart.
/// </summary>
public static class TonnesLifted
{
    /// <summary>The largest fall between two readings that is not a restart: above the feed's rounding (0.001 t), and
    /// more than any real dip between two readings (0.0015 t in a tenth of a second would be −54 t/h).</summary>
    public const double DipTonnes = 0.0015;

    /// <summary>The dive's total of <paramref name="column"/> in <paramref name="slurryFeed"/>; NaN when it has none.</summary>
    public static double Over(FeedTable slurryFeed, string column)
    {
        ArgumentNullException.ThrowIfNull(slurryFeed);
        double carried = 0, previous = double.NaN;
        foreach (var row in slurryFeed.Rows)
        {
            var value = row.Number(column);
            if (!double.IsFinite(value))
            {
                continue;
            }

            if (value < previous - DipTonnes)
            {
                carried += previous;
            }

            previous = value;
        }

        return carried + previous;
    }
}
