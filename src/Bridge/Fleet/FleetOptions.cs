using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;

namespace RovDsp.Bridge.Fleet;

/// <summary>How a <see cref="VehicleFleet"/> finds its vehicles and shares them with other bridges.</summary>
public sealed record FleetOptions
{
    /// <summary>Default of <see cref="MaxVehicles"/>.</summary>
    public const int DefaultMaxVehicles = 16;

    /// <summary>The options every vehicle's <see cref="BridgeService"/> starts from (broker, credentials, TLS, queues,
    /// limits); its <see cref="BridgeOptions.ClientId"/> is this bridge's id, which each vehicle's connections extend
    /// with <c>-{vehicle}</c>. An external broker is required.</summary>
    public required BridgeOptions Unit { get; init; }

    /// <summary>Vehicles named on the command line; empty to discover them from <c>rov/+/raw/...</c>.</summary>
    public IReadOnlyList<string> Vehicles { get; init; } = [];

    /// <summary>Whether vehicles are discovered (<c>--vehicles +</c>) rather than named.</summary>
    public bool Discover => Vehicles.Count == 0;

    /// <summary>Most vehicles this bridge serves; a discovered vehicle beyond it is refused, counted and said.</summary>
    public int MaxVehicles { get; init; } = DefaultMaxVehicles;

    /// <summary>This bridge's static shard (<c>--shard k/N</c>), or null for every vehicle.</summary>
    public ShardAssignment? Shard { get; init; }

    /// <summary>MQTT 5 shared-subscription group (<c>--share-group</c>), or null.</summary>
    public string? ShareGroup { get; init; }

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        Unit.Validate();
        if (Unit.Broker is null)
        {
            throw new BridgeConfigurationException("vehicles",
                "serving several vehicles, discovering them, --shard and --share-group need an external broker (--broker): each vehicle has its own MQTT connections and last will on it");
        }

        if (MaxVehicles is < 1 or > 1024)
        {
            throw new BridgeConfigurationException("max-vehicles", $"{MaxVehicles} must be within 1–1024");
        }

        if (Vehicles.Count > MaxVehicles)
        {
            throw new BridgeConfigurationException("vehicles", $"{Vehicles.Count} vehicles are named but --max-vehicles is {MaxVehicles}");
        }

        if (Vehicles.Distinct(StringComparer.Ordinal).Count() != Vehicles.Count)
        {
            throw new BridgeConfigurationException("vehicles", "names a vehicle twice");
        }

        foreach (var vehicle in Vehicles)
        {
            if (!Processing.Topics.TopicScheme.IsValidLevel(vehicle))
            {
                throw new BridgeConfigurationException("vehicles", $"'{vehicle}' must be 1–64 letters, digits, '-' or '_'");
            }
        }

        if (ShareGroup is not null && !Processing.Topics.TopicScheme.IsValidLevel(ShareGroup))
        {
            throw new BridgeConfigurationException("share-group", $"'{ShareGroup}' must be 1–64 letters, digits, '-' or '_'");
        }

        if (ShareGroup is not null && !Discover)
        {
            throw new BridgeConfigurationException("share-group",
                "takes its vehicles from the shared subscription (rov/+/raw/#), so it goes with --vehicles '+', not a list");
        }

        if (ShareGroup is not null && Shard is not null)
        {
            throw new BridgeConfigurationException("share-group", "and --shard are two ways of sharing the work; give one");
        }
    }
}
