using System.Globalization;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>Parses durations written as a number with a unit: 90s, 10m, 1.5h, 2m30s, or plain seconds.</summary>
internal static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a positive duration.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0)
        {
            return false;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            duration = plain is > 0 and < 1e7 ? TimeSpan.FromSeconds(plain) : TimeSpan.Zero;
            return duration > TimeSpan.Zero;
        }
        var total = 0.0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var scale = s[i] switch { 'h' => 3600.0, 'm' => 60.0, 's' => 1.0, _ => 0.0 };
            if (scale == 0.0)
            {
                continue;
            }
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                return false;
            }
            total += value * scale;
            start = i + 1;
        }
        if (start != s.Length || total <= 0 || total >= 1e7)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(total);
        return true;
    }
}
