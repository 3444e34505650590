using System.Globalization;
using RovDsp.Bridge.Broker.Limits;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;

namespace RovDsp.Bridge.Cli;

/// <summary>The <c>Limits</c> section of the configuration (JSON <c>Limits:MaxPacketBytes</c>, or the environment's
/// <c>ROVDSP_LIMITS_MAXPACKETBYTES</c>): the embedded broker's <see cref="BrokerLimits"/> and the vehicle's
/// <see cref="SensorLimits"/>. Keys left out keep their defaults; a bad value names its key.</summary>
internal static class LimitsSettings
{
    private const string Section = "Limits";

    /// <summary>The broker limits, from <paramref name="setting"/> (section, key) → value.</summary>
    public static BrokerLimits Broker(Func<string, string, string?> setting)
    {
        var d = new BrokerLimits();
        var timeout = Number(setting, "ConnectTimeoutSeconds");
        return new BrokerLimits
        {
            MaxPacketBytes = (int?)Number(setting, "MaxPacketBytes") ?? d.MaxPacketBytes,
            MaxConnections = (int?)Number(setting, "MaxConnections") ?? d.MaxConnections,
            ConnectTimeout = timeout is { } t ? TimeSpan.FromSeconds(t) : d.ConnectTimeout,
            MaxQueuedBytesPerClient = (long?)Number(setting, "MaxQueuedBytesPerClient") ?? d.MaxQueuedBytesPerClient,
            MaxTopicLength = (int?)Number(setting, "MaxTopicLength") ?? d.MaxTopicLength,
            MaxRetainedMessages = (int?)Number(setting, "MaxRetainedMessages") ?? d.MaxRetainedMessages,
            MaxRetainedBytes = (long?)Number(setting, "MaxRetainedBytes") ?? d.MaxRetainedBytes,
        };
    }

    /// <summary>The sensor limits: <c>Limits:Sensors</c> (ids separated by commas) and <c>Limits:MaxSensors</c>.</summary>
    public static SensorLimits Sensors(Func<string, string, string?> setting)
    {
        var d = new SensorLimits();
        var ids = setting(Section, "Sensors");
        return new SensorLimits
        {
            AllowedSensors = string.IsNullOrWhiteSpace(ids)
                ? null
                : ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
            MaxSensors = (int?)Number(setting, "MaxSensors") ?? d.MaxSensors,
        };
    }

    private static double? Number(Func<string, string, string?> setting, string key)
    {
        var text = setting(Section, key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= long.MaxValue / 2 && (key.EndsWith("Seconds", StringComparison.Ordinal) || v == Math.Floor(v))
            ? v
            : throw new BridgeConfigurationException($"limits:{key}", $"'{text}' is not a non-negative number{(key.EndsWith("Seconds", StringComparison.Ordinal) ? "" : " (whole)")}");
    }
}
