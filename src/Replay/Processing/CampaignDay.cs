namespace RovDsp.Replay.Processing;

/// <summary>One UTC day of a campaign: the totals of the dives that started on it (<see cref="DiveSummary.Day"/>).</summary>
/// <param name="Day">The UTC day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Dives">Dives processed.</param>
/// <param name="DiveHours">Recorded hours of those dives.</param>
/// <param name="DryTonnes">Dry tonnes lifted (sum over the dives with a slurry feed; NaN when none had one).</param>
/// <param name="WetTonnes">Wet tonnes lifted, likewise.</param>
/// <param name="AlarmsRaised">Alarms raised, by alarm name.</param>
/// <param name="ObstacleReports">Obstacles reported by the sonars.</param>
/// <param name="AltitudeEstimates">Altitude estimates published.</param>
/// <param name="AltitudeValidFraction">Fraction of them in state valid (pooled over the dives).</param>
/// <param name="AltitudeSamples">Valid estimates compared with truth.</param>
/// <param name="AltitudeRmsM">RMS error over those samples (pooled: the root of the sample-weighted mean square).</param>
/// <param name="AltitudeWorstP99M">The largest of the dives' p99 |error| (percentiles do not pool).</param>
/// <param name="CpuSeconds">CPU time of the dives' jobs, seconds.</param>
public sealed record CampaignDay(
    string Day, int Dives, double DiveHours, double DryTonnes, double WetTonnes, SortedDictionary<string, int> AlarmsRaised,
    long ObstacleReports, int AltitudeEstimates, double AltitudeValidFraction, int AltitudeSamples, double AltitudeRmsM,
    double AltitudeWorstP99M, double CpuSeconds)
{
    /// <summary>The days of <paramref name="dives"/> (failed dives left out), in date order.</summary>
    public static IReadOnlyList<CampaignDay> Of(IEnumerable<DiveSummary> dives)
    {
        ArgumentNullException.ThrowIfNull(dives);
        return dives.Where(d => d.Error is null)
            .GroupBy(d => d.Day, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(Total)
            .ToList();
    }

    private static CampaignDay Total(IGrouping<string, DiveSummary> day)
    {
        var alarms = new SortedDictionary<string, int>(StringComparer.Ordinal);
        double dry = double.NaN, wet = double.NaN, validEstimates = 0, squares = 0, worstP99 = double.NaN;
        int estimates = 0, samples = 0;
        foreach (var dive in day)
        {
            dry = Add(dry, dive.DryTonnes);
            wet = Add(wet, dive.WetTonnes);
            foreach (var (name, count) in dive.AlarmsRaised)
            {
                alarms[name] = alarms.GetValueOrDefault(name) + count;
            }

            if (dive.AltitudeEstimates > 0 && double.IsFinite(dive.AltitudeValidFraction))
            {
                estimates += dive.AltitudeEstimates;
                validEstimates += dive.AltitudeValidFraction * dive.AltitudeEstimates;
            }

            if (dive.AltitudeSamples > 0 && double.IsFinite(dive.AltitudeRmsM))
            {
                samples += dive.AltitudeSamples;
                squares += dive.AltitudeRmsM * dive.AltitudeRmsM * dive.AltitudeSamples;
                worstP99 = double.IsNaN(worstP99) ? dive.AltitudeP99M : Math.Max(worstP99, dive.AltitudeP99M);
            }
        }

        return new CampaignDay(day.Key, day.Count(), day.Sum(d => d.DurationSeconds) / 3600, dry, wet, alarms,
            day.Sum(d => d.ObstacleReports.Values.Sum()), estimates, estimates > 0 ? validEstimates / estimates : double.NaN,
            samples, samples > 0 ? Math.Sqrt(squares / samples) : double.NaN, worstP99, day.Sum(d => d.CpuSeconds));
    }

    /// <summary>NaN-skipping sum that stays NaN only when every term is NaN.</summary>
    private static double Add(double sum, double value) =>
        double.IsNaN(value) ? sum : double.IsNaN(sum) ? value : sum + value;
}
