namespace RovDsp.Bridge.State;

/// <summary>Where and how often a vehicle's state is checkpointed so a restarted bridge carries on (docs/deployment.md,
/// "State across restarts").</summary>
public sealed record StateOptions
{
    /// <summary>The directory holding one checkpoint file per vehicle (<c>{vehicle}.state.json</c>); created if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>How often the state is written. A crash loses at most this much of the day's counting plus the flow
    /// meter's Hampel window (0.05 s with the defaults; the readings received but not yet counted are carried in the
    /// checkpoint): at the design rate (docs/domain.md, 350 t/day: 14.6 t/h dry, about 124 t/h wet) 0.0043 t dry and
    /// 0.036 t wet with the 1 s default (docs/deployment.md).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The slurry line's day boundary (<see cref="Dsp.Pipelines.Slurry.SlurryLineSettings.DayStartUtcOffset"/>):
    /// a checkpoint belongs to the day of its data's message time by this boundary.</summary>
    public TimeSpan DayStartUtcOffset { get; init; }

    /// <summary>Where failures and what was restored are said, besides the errors topic and the metrics (the command
    /// line's stderr), or null.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Shortest and longest interval accepted.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100), MaxInterval = TimeSpan.FromMinutes(10);

    /// <summary>The checkpoint file of <paramref name="vehicle"/>.</summary>
    public string FileOf(string vehicle) => Path.Combine(Directory, vehicle + ".state.json");

    /// <summary>Throws <see cref="Connection.BridgeConfigurationException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new Connection.BridgeConfigurationException("state-dir", "is empty");
        }

        if (Interval < MinInterval || Interval > MaxInterval)
        {
            throw new Connection.BridgeConfigurationException("checkpoint-interval",
                $"{Interval.TotalSeconds} s is outside {MinInterval.TotalSeconds}–{MaxInterval.TotalSeconds} s");
        }
    }
}
