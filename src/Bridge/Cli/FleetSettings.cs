using System.Globalization;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Cli;

/// <summary>The fleet flags of rovdsp-bridge (<c>--vehicles</c>, <c>--max-vehicles</c>, <c>--shard</c>,
/// <c>--share-group</c>) resolved over the single-vehicle settings: null when none is given (one vehicle, as
/// before), else the <see cref="FleetOptions"/>. Every bad value throws <see cref="BridgeConfigurationException"/>
/// naming its setting.</summary>
internal static class FleetSettings
{
    /// <summary>Resolves the fleet flags; <paramref name="vehicleGiven"/> says whether <c>--vehicle</c> was given.</summary>
    public static FleetOptions? Resolve(string? vehicles, int? maxVehicles, string? shard, string? shareGroup, bool vehicleGiven,
        BridgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (vehicles is null && shard is null && shareGroup is null)
        {
            return maxVehicles is null
                ? null
                : throw new BridgeConfigurationException("max-vehicles", "only applies with --vehicles '+' (discovery)");
        }

        if (vehicleGiven)
        {
            throw new BridgeConfigurationException("vehicle", "and --vehicles cannot both be given (--vehicle serves one vehicle, --vehicles several)");
        }

        if (settings.ReplayPath is not null || settings.Simulate is not null || settings.PingUdp is not null || settings.PingSerial is not null
            || settings.Modbus is not null || settings.Oculus is not null)
        {
            throw new BridgeConfigurationException("vehicles",
                "serves vehicles that publish their own raw topics: --replay, --simulate, --ping-*, --modbus and --oculus feed one vehicle of a one-vehicle bridge (play recordings into the broker with rovdsp-replay play)");
        }

        // --shard or --share-group alone discover the vehicles.
        var list = vehicles is null || vehicles.Trim() == "+"
            ? []
            : vehicles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (vehicles is not null && vehicles.Trim() != "+" && list.Length == 0)
        {
            throw new BridgeConfigurationException("vehicles", "is empty (give rov1,rov2,... or '+' to discover them)");
        }

        var shardAssignment = shard is null ? null : ShardAssignment.Parse(shard);
        var bridge = settings.Bridge;
        if (bridge.ClientId == "rovdsp-bridge")
        {
            // Replicas must not share a client id (the broker would disconnect one for the other): the default names
            // the shard, or the host in a share group; several members on one host need --client-id.
            var id = "rovdsp-bridge"
                     + (shardAssignment is null ? "" : string.Create(CultureInfo.InvariantCulture, $"-shard{shardAssignment.Index}of{shardAssignment.Count}"))
                     + (shareGroup is null ? "" : "-" + Sanitize(Environment.MachineName));
            bridge = bridge with { ClientId = id };
        }

        var options = new FleetOptions
        {
            Unit = bridge,
            Vehicles = list,
            MaxVehicles = maxVehicles ?? (list.Length > FleetOptions.DefaultMaxVehicles ? list.Length : FleetOptions.DefaultMaxVehicles),
            Shard = shardAssignment,
            ShareGroup = shareGroup,
        };
        options.Validate();
        return options;
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(40).ToArray();
        var text = new string(chars);
        return TopicScheme.IsValidLevel(text) ? text : "host";
    }
}
