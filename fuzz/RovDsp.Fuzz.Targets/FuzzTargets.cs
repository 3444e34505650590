using RovDsp.Fuzz.Targets.Mcap;
using RovDsp.Fuzz.Targets.Mqtt;
using RovDsp.Fuzz.Targets.Wire;

namespace RovDsp.Fuzz.Targets;

/// <summary>Every fuzz target, by name. A new target (for example the bridge's bounded MQTT stream reader, once it
/// exists) is one class implementing <see cref="IFuzzTarget"/> plus one line here, a seed generator in
/// fuzz/RovDsp.Fuzz/Seeds and a corpus folder fuzz/corpus/NAME; scripts/fuzz.sh and the corpus test pick it up.</summary>
public static class FuzzTargets
{
    /// <summary>The names of all targets, in the order scripts/fuzz.sh runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["wire", "mqtt", "mcap"];

    /// <summary>Creates the target called <paramref name="name"/> (each instance keeps its decoders, as the bridge
    /// does, so one instance serves every input of a fuzzing process).</summary>
    public static IFuzzTarget Create(string name) => name switch
    {
        "wire" => new WireTarget(),
        "mqtt" => new MqttPacketTarget(),
        "mcap" => new McapTarget(),
        _ => throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
