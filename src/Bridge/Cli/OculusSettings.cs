using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Oculus;

namespace RovDsp.Bridge.Cli;

/// <summary>The Oculus multibeam the bridge drives (<c>--oculus host[:port]</c> or <c>--oculus-discover [udp-port]</c>,
/// with <c>--oculus-range</c>, <c>--oculus-gain</c>, <c>--oculus-rate</c>, <c>--oculus-mode</c>,
/// <c>--oculus-sensor</c>, <c>--oculus-tcp-port</c>).</summary>
/// <param name="Driver">The driver's options, checked.</param>
/// <param name="Sensor">Sensor id in <c>rov/{v}/raw/multibeam/{sensor}</c>.</param>
internal sealed record OculusSettings(OculusDriverOptions Driver, string Sensor)
{
    /// <summary>The option values as given.</summary>
    internal sealed record Inputs(string? Address, bool Discover, string? DiscoverPort, double? RangeM, double? GainPercent, double? RateHz,
        string? Mode, string? Sensor, int? TcpPort);

    /// <summary>The settings, or null when neither <c>--oculus</c> nor <c>--oculus-discover</c> is given; throws
    /// <see cref="BridgeConfigurationException"/> naming the bad option.</summary>
    public static OculusSettings? Resolve(Inputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Address is null && !inputs.Discover)
        {
            if (inputs.RangeM is not null || inputs.GainPercent is not null || inputs.RateHz is not null || inputs.Mode is not null
                || inputs.Sensor is not null || inputs.TcpPort is not null)
            {
                throw new BridgeConfigurationException("oculus", "the --oculus-* settings need --oculus host[:port] or --oculus-discover");
            }

            return null;
        }

        if (inputs.Address is not null && inputs.Discover)
        {
            throw new BridgeConfigurationException("oculus-discover", "and --oculus cannot both be given");
        }

        var options = new OculusDriverOptions();
        if (inputs.Address is { } address)
        {
            var (host, port) = SplitHostPort(address);
            options = options with { Host = host, Port = port ?? OculusDriverOptions.DefaultPort };
        }
        else if (inputs.DiscoverPort is { Length: > 0 } udp)
        {
            options = options with
            {
                DiscoverPort = int.TryParse(udp, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                    ? p
                    : throw new BridgeConfigurationException("oculus-discover", $"'{udp}' is not a UDP port"),
            };
        }

        options = options with
        {
            RangeM = inputs.RangeM ?? options.RangeM,
            GainPercent = inputs.GainPercent ?? options.GainPercent,
            PingRateHz = inputs.RateHz ?? options.PingRateHz,
            Port = inputs.TcpPort ?? options.Port,
            Mode = inputs.Mode switch
            {
                null => options.Mode,
                "low" or "1" => 1,
                "high" or "2" => 2,
                _ => throw new BridgeConfigurationException("oculus-mode", $"'{inputs.Mode}' is not low or high"),
            },
        };
        options.Validate();
        var sensor = inputs.Sensor ?? "multibeam1";
        if (sensor.Length == 0 || sensor.AsSpan().IndexOfAny("/+#") >= 0)
        {
            throw new BridgeConfigurationException("oculus-sensor", $"'{sensor}' is not a topic level (no '/', '+' or '#')");
        }

        return new OculusSettings(options, sensor);
    }

    // host, host:port, [v6]:port.
    private static (string Host, int? Port) SplitHostPort(string value)
    {
        var host = value;
        int? port = null;
        var colon = value.LastIndexOf(':');
        if (colon >= 0 && (value.IndexOf(':') == colon || value.StartsWith('[')) && !value.EndsWith(']'))
        {
            host = value[..colon];
            port = int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
                ? p
                : throw new BridgeConfigurationException("oculus", $"'{value}' has no valid port (1–65535)");
        }

        host = host.Trim('[', ']');
        return host.Length > 0 ? (host, port) : throw new BridgeConfigurationException("oculus", $"'{value}' names no host");
    }
}
