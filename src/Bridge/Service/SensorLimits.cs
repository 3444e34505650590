using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Service;

/// <summary>Which sensors of its vehicle the bridge gives a pipeline (a decoder, a worker and a queue each): a
/// configured set of ids, or else at most <see cref="MaxSensors"/> of them, first come first served. Anything else
/// is refused, counted (<c>sensor-refused</c>) and reported, and never costs a pipeline: 2,000 invented ids used to
/// cost 2,000 pipelines and a gigabyte.</summary>
public sealed record SensorLimits
{
    /// <summary>The sensor ids accepted (the last topic level, any kind); null accepts new ids up to
    /// <see cref="MaxSensors"/>.</summary>
    public IReadOnlySet<string>? AllowedSensors { get; init; }

    /// <summary>Most pipelines (kind and sensor pairs) the bridge creates.</summary>
    public int MaxSensors { get; init; } = 32;

    /// <summary>Most refused raw topics remembered (a refused topic is then answered by one lookup); beyond it, each
    /// message on a new refused topic is parsed again and counted, and nothing more is stored.</summary>
    public int MaxRefusedTopicsRemembered { get; init; } = 1024;

    /// <summary>Throws <see cref="BridgeConfigurationException"/> naming the first unusable limit.</summary>
    public void Validate()
    {
        if (MaxSensors < 1)
        {
            throw new BridgeConfigurationException("max-sensors", "must be at least 1");
        }

        if (MaxRefusedTopicsRemembered < 0)
        {
            throw new BridgeConfigurationException("max-refused-topics", "must not be negative");
        }

        if (AllowedSensors is { Count: 0 })
        {
            throw new BridgeConfigurationException("sensors", "the set of accepted sensors is empty");
        }
    }
}
