using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Modbus;

namespace RovDsp.Bridge.Cli;

/// <summary>The PLC the bridge polls over Modbus TCP (<c>--modbus host[:port] --register-map FILE</c>).</summary>
/// <param name="Host">PLC host name or address.</param>
/// <param name="Port">Modbus TCP port (502 by default).</param>
/// <param name="Map">The register map, loaded and checked.</param>
internal sealed record ModbusSettings(string Host, int Port, RegisterMap Map)
{
    /// <summary>The settings from the two options, or null when neither is given; throws
    /// <see cref="BridgeConfigurationException"/> naming the bad one.</summary>
    public static ModbusSettings? Resolve(string? modbus, string? registerMap)
    {
        if (modbus is null && registerMap is null)
        {
            return null;
        }

        if (modbus is null)
        {
            throw new BridgeConfigurationException("register-map", "needs --modbus host[:port]");
        }

        if (registerMap is null)
        {
            throw new BridgeConfigurationException("modbus", "needs --register-map FILE (see docs/hardware.md)");
        }

        var host = modbus;
        var port = 502;
        var colon = modbus.LastIndexOf(':');
        if (colon >= 0 && !modbus.EndsWith(']') && modbus.IndexOf(':') == colon)
        {
            host = modbus[..colon];
            if (!int.TryParse(modbus[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw new BridgeConfigurationException("modbus", $"'{modbus}' has no valid port (1–65535)");
            }
        }

        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            throw new BridgeConfigurationException("modbus", $"'{modbus}' names no host");
        }

        return new ModbusSettings(host, port, RegisterMap.Load(registerMap));
    }
}
