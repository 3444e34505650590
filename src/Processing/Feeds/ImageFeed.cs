using RovDsp.Processing.Png;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// A display image feed: 8-bit grey images encoded as PNG (<see cref="PngEncoder"/>) and published at most
/// <see cref="MaxRateHz"/> times a second of message time. A pilot's display does not need 10 fan images a
/// second over a fibre shared with everything else, and PNG encoding (deflate) is the costliest per-image step,
/// so the rate is bounded here and documented in docs/topics.md.
/// </summary>
public sealed class ImageFeed
{
    private readonly PngEncoder _png = new();
    private long _lastNs = long.MinValue;
    private long _dueNs;

    /// <summary>Creates a feed throttled to <paramref name="maxRateHz"/>.</summary>
    public ImageFeed(double maxRateHz)
    {
        if (!(maxRateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxRateHz), maxRateHz, "maxRateHz must be positive");
        }

        MaxRateHz = maxRateHz;
    }

    /// <summary>Largest publishing rate, per second of message time.</summary>
    public double MaxRateHz { get; }

    /// <summary>Images encoded.</summary>
    public long Encoded { get; private set; }

    /// <summary>Whether an image stamped <paramref name="timestampNs"/> is due.</summary>
    /// <remarks>The first image is always due (and so is one stamped before the last, a restarted recording). After
    /// that, images are due on a schedule one period apart with a quarter period of slack, not one period after the
    /// last image: a sonar at the cap whose stamps jitter by a few milliseconds keeps every frame (restarting the period
    /// at each image kept about 6 of a 10 Hz sonar's 10 frames a second), and the average never exceeds the cap.</remarks>
    public bool IsDue(long timestampNs) =>
        _lastNs == long.MinValue || timestampNs < _lastNs || timestampNs >= _dueNs - Slack;

    private long Period => (long)(1e9 / MaxRateHz);

    private long Slack => Period / 4;

    /// <summary>Encodes a grey image as PNG; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(byte[] grey, int width, int height, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(grey);
        if (grey.Length < width * height)
        {
            throw new ArgumentException($"the image needs {width * height} bytes, got {grey.Length}", nameof(grey));
        }

        // On schedule (within the slack of when it was due): the next is due one period after this one was due.
        // Late or first: one period after this one.
        var onSchedule = _lastNs != long.MinValue && timestampNs >= _lastNs && Math.Abs(timestampNs - _dueNs) <= Slack;
        _dueNs = onSchedule ? _dueNs + Period : timestampNs + Period;
        _lastNs = timestampNs;
        var png = _png.Encode(grey, width, height);
        Encoded++;
        return png;
    }
}
