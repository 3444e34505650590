using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.State;

namespace RovDsp.Bridge.Cli;

/// <summary>The state flags: <c>--state-dir DIR</c> keeps the vehicle's state across restarts in
/// <c>DIR/{vehicle}.state.json</c>, <c>--checkpoint-interval S</c> (default 1 s) says how often it is written.</summary>
internal static class StateSettings
{
    /// <summary>The state options, or null without <c>--state-dir</c>.</summary>
    /// <exception cref="BridgeConfigurationException">A value is unusable, or the interval is given without a directory.</exception>
    public static StateOptions? Resolve(string? directory, double? intervalSeconds, TimeSpan dayStartUtcOffset, TextWriter log)
    {
        if (directory is not null && string.IsNullOrWhiteSpace(directory))
        {
            throw new BridgeConfigurationException("state-dir", "is empty");
        }

        if (directory is null)
        {
            return intervalSeconds is null
                ? null
                : throw new BridgeConfigurationException("checkpoint-interval", "needs --state-dir (where the checkpoints go)");
        }

        var seconds = intervalSeconds ?? 1.0;
        if (!double.IsFinite(seconds) || seconds < StateOptions.MinInterval.TotalSeconds || seconds > StateOptions.MaxInterval.TotalSeconds)
        {
            throw new BridgeConfigurationException("checkpoint-interval", string.Create(CultureInfo.InvariantCulture,
                $"{seconds} s is outside {StateOptions.MinInterval.TotalSeconds}–{StateOptions.MaxInterval.TotalSeconds} s"));
        }

        var options = new StateOptions
        {
            Directory = Path.GetFullPath(directory),
            Interval = TimeSpan.FromSeconds(seconds),
            DayStartUtcOffset = dayStartUtcOffset,
            Log = line => log.WriteLine("rovdsp-bridge: " + line),
        };
        options.Validate();
        return options;
    }
}
