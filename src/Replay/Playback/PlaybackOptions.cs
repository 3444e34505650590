namespace RovDsp.Replay.Playback;

/// <summary>How a recording is played: speed, the time window, which topics and whether to loop.</summary>
public sealed record PlaybackOptions
{
    /// <summary>Slowest speed factor accepted (issue 4: 0.1x to 100x).</summary>
    public const double MinSpeed = 0.1;

    /// <summary>Fastest paced speed factor accepted.</summary>
    public const double MaxSpeed = 100;

    /// <summary>Speed factor over the original timing; 0 means as fast as possible (no pacing).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Start of the window, seconds after the recording's first message (null = from the start).</summary>
    public double? FromSeconds { get; init; }

    /// <summary>End of the window, seconds after the recording's first message (null = to the end).</summary>
    public double? ToSeconds { get; init; }

    /// <summary>MQTT-style topic filters applied to the raw channels (empty = every raw channel).</summary>
    public IReadOnlyList<string> TopicFilters { get; init; } = [];

    /// <summary>Start again at the window's start after its end, until cancelled.</summary>
    public bool Loop { get; init; }

    /// <summary>How long before a message's due time the player stops sleeping and spins. On Linux the sleep is
    /// sub-millisecond (clock_nanosleep, 1 µs timer slack) and wakes within tens of microseconds on an idle core, so
    /// 0.5 ms covers the wake-up with margin while keeping the timing thread mostly asleep (a thread spinning 2 ms of
    /// every 3 ms is preempted like a CPU hog on a busy machine). Elsewhere sleeps are whole milliseconds: use 2 ms.</summary>
    public TimeSpan SpinWindow { get; init; } = TimeSpan.FromMilliseconds(OperatingSystem.IsLinux() ? 0.5 : 2);

    /// <summary>Messages read (and decompressed) ahead of the timing thread: enough to cover decoding a whole chunk at
    /// the fastest paced speed (a 1 MB zstd chunk takes a few milliseconds; at 100x a slurry line alone runs 35,000
    /// messages/s).</summary>
    public int ReadAhead { get; init; } = 1024;

    /// <summary>Most lateness samples kept for the percentiles (a ring: a long loop reports its latest part).</summary>
    public int LatenessCapacity { get; init; } = 1 << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (!(Speed == 0 || Speed is >= MinSpeed and <= MaxSpeed))
        {
            throw new ArgumentException($"Speed {Speed} must be 0 (as fast as possible) or within {MinSpeed}–{MaxSpeed}.", nameof(Speed));
        }

        if (FromSeconds is { } from && !(from >= 0))
        {
            throw new ArgumentException($"FromSeconds {from} must be a non-negative number.", nameof(FromSeconds));
        }

        if (ToSeconds is { } to && !(to >= 0 && to >= (FromSeconds ?? 0)))
        {
            throw new ArgumentException($"ToSeconds {to} must be a number not before FromSeconds.", nameof(ToSeconds));
        }

        if (SpinWindow < TimeSpan.Zero)
        {
            throw new ArgumentException("SpinWindow must not be negative.", nameof(SpinWindow));
        }

        if (ReadAhead < 1)
        {
            throw new ArgumentException("ReadAhead must be at least 1.", nameof(ReadAhead));
        }

        if (LatenessCapacity < 1)
        {
            throw new ArgumentException("LatenessCapacity must be at least 1.", nameof(LatenessCapacity));
        }
    }
}
