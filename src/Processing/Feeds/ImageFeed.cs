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
    /// <remarks>The first image is always due: <c>timestampNs - long.MinValue</c> would overflow.</remarks>
    public bool IsDue(long timestampNs) =>
        _lastNs == long.MinValue || timestampNs < _lastNs || timestampNs - _lastNs >= (long)(1e9 / MaxRateHz);

    /// <summary>Encodes a grey image as PNG; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(byte[] grey, int width, int height, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(grey);
        if (grey.Length < width * height)
        {
            throw new ArgumentException($"the image needs {width * height} bytes, got {grey.Length}", nameof(grey));
        }

        _lastNs = timestampNs;
        var png = _png.Encode(grey, width, height);
        Encoded++;
        return png;
    }
}
