namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>What a slurry line has counted today, as a checkpoint keeps it across a restart: the day's tonnes (dry and
/// wet), the seconds counted and the part of them without a measurement, and the message time they are counted up
/// to (which also names the day, by <see cref="SlurryLinePipeline.DayStartNs"/>).</summary>
/// <param name="AsOfNs">Message time the totals are counted up to, ns (0: nothing counted).</param>
/// <param name="DryTonnes">Dry solids lifted today, t.</param>
/// <param name="WetTonnes">Mixture lifted today, t.</param>
/// <param name="CountedSeconds">Seconds of the day counted so far.</param>
/// <param name="UnmeasuredSeconds">Seconds of those without a flow measurement (a bridge that was down counts here).</param>
public readonly record struct SlurryTotals(long AsOfNs, double DryTonnes, double WetTonnes, double CountedSeconds,
    double UnmeasuredSeconds)
{
    /// <summary>Whether these totals hold anything (a line that never integrated has none).</summary>
    public bool HasValue => AsOfNs != 0;

    /// <summary>Why these totals cannot be restored (a non-finite amount, counted seconds beyond a day, unmeasured above
    /// counted), or null
    /// when they can.</summary>
    public string? Problem()
    {
        if (AsOfNs == 0)
        {
            return "asOfNs is missing";
        }

        // Not required positive: a densitometer reading just under water makes the dry solids slightly negative, and
        // the day's count carries that as it is.
        if (!double.IsFinite(DryTonnes) || !double.IsFinite(WetTonnes))
        {
            return $"tonnes must be finite (dry {DryTonnes}, wet {WetTonnes})";
        }

        if (!(double.IsFinite(CountedSeconds) && CountedSeconds >= 0 && CountedSeconds <= 86_400.0 + 1.0)
            || !(double.IsFinite(UnmeasuredSeconds) && UnmeasuredSeconds >= 0 && UnmeasuredSeconds <= CountedSeconds + 1e-6))
        {
            return $"counted seconds must be within one day and unmeasured within counted (counted {CountedSeconds}, unmeasured {UnmeasuredSeconds})";
        }

        return null;
    }
}
