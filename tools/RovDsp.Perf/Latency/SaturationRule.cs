namespace RovDsp.Perf.Latency;

/// <summary>
/// When a load is past saturation: the bridge no longer keeps up, so queues (and latency) grow with time rather
/// than staying bounded. A load is within saturation when all of these hold; the saturation multiple is the
/// highest load that is, with every lower load too.
/// <list type="bullet">
/// <item>Sonar drops ≤ <see cref="MaxSonarDropFraction"/> of sonar messages (drop-oldest queues of 8 shed load
/// instead of growing: drops are how a sonar queue shows it is overrun).</item>
/// <item>Slurry queues never reach the bridge's own backlog mark (half of 1,024) and the receive path never waits
/// for room (a never-drop queue that keeps growing means unbounded delay).</item>
/// <item>End-to-end p99 of pings and of slurry feeds ≤ <see cref="MaxEndToEndP99Us"/> (one ping period: a pilot's
/// altitude older than the next ping is stale).</item>
/// <item>The publisher kept to its schedule (p99 lateness ≤ <see cref="MaxPublisherLatenessUs"/>, half a ping
/// period): otherwise the machine, not the bridge, limited the offered load and the multiple is not what was
/// asked.</item>
/// </list>
/// </summary>
public static class SaturationRule
{
    /// <summary>Largest tolerated sonar drop fraction.</summary>
    public const double MaxSonarDropFraction = 0.01;

    /// <summary>Slurry queue depth at which the bridge reports a backlog (half its capacity of 1,024).</summary>
    public const int SlurryBacklogDepth = 512;

    /// <summary>Largest tolerated end-to-end p99 for pings and slurry, µs (the 50 ms ping period at 20 pings/s).</summary>
    public const double MaxEndToEndP99Us = 50_000;

    /// <summary>Largest tolerated p99 lateness of the publisher against its schedule, µs (half a ping period).</summary>
    public const double MaxPublisherLatenessUs = 25_000;

    /// <summary>The rule in one sentence, for the report.</summary>
    public const string Text =
        "saturated when sonar drops > 1 % of sonar messages, or a slurry queue reaches 512 (half of 1,024) or blocks the receive path, " +
        "or ping/slurry end-to-end p99 > 50 ms (one ping period), or the publisher falls > 25 ms (p99) behind its schedule";

    /// <summary>Why <paramref name="r"/> is past saturation, or null when it is within it.</summary>
    public static string? Check(LatencyResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.SonarDropFraction > MaxSonarDropFraction)
        {
            return $"sonar drops {r.SonarDropFraction:P1}";
        }

        if (r.SlurryMaxDepth >= SlurryBacklogDepth || r.BackpressureWaits > 0)
        {
            return $"slurry queue {r.SlurryMaxDepth}, {r.BackpressureWaits} receive waits";
        }

        foreach (var kind in new[] { MixKind.Ping, MixKind.Slurry })
        {
            var p99 = r[kind].EndToEnd.P99;
            if (p99 > MaxEndToEndP99Us || r[kind].EndToEnd.Count == 0)
            {
                return $"{kind.ToString().ToLowerInvariant()} e2e p99 {p99 / 1000:0.#} ms";
            }
        }

        return r.PublisherLateness.P99 > MaxPublisherLatenessUs ? $"publisher {r.PublisherLateness.P99 / 1000:0.#} ms late (p99)" : null;
    }

    /// <summary>The saturation multiple of a sweep: the highest load within saturation before two consecutive loads
    /// past it (one run disturbed by a neighbour on a shared machine does not end the sweep); 0 when none is within.</summary>
    public static int Multiple(IEnumerable<LatencyResult> sweep)
    {
        var multiple = 0;
        var pastInARow = 0;
        foreach (var r in sweep.OrderBy(r => r.Load))
        {
            if (r.Saturated is null)
            {
                multiple = r.Load;
                pastInARow = 0;
            }
            else if (++pastInARow == 2)
            {
                break;
            }
        }

        return multiple;
    }

    /// <summary>Whether a sweep that produced <paramref name="sweep"/> so far should stop: the last two loads are
    /// past saturation.</summary>
    public static bool ShouldStop(IReadOnlyList<LatencyResult> sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return sweep.Count >= 2 && sweep[^1].Saturated is not null && sweep[^2].Saturated is not null;
    }
}
