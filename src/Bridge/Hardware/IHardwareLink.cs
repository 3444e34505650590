using System.Text.Json;

namespace RovDsp.Bridge.Hardware;

/// <summary>
/// A link to a device the bridge drives itself (the slurry PLC over Modbus TCP, a sonar over its own protocol), as the
/// bridge reports it: its state with the reason it was lost in the retained <c>status</c>, its counters in
/// <c>metrics</c>. Registered with <see cref="HardwareLinks"/>.
/// </summary>
public interface IHardwareLink
{
    /// <summary>Its key in status and metrics (<c>modbus</c>, <c>oculus</c>): unique among the bridge's links.</summary>
    string Name { get; }

    /// <summary>The device's address, for people (<c>modbus://10.0.0.5:502</c>).</summary>
    string Device { get; }

    /// <summary>Where the link stands.</summary>
    HardwareLinkState State { get; }

    /// <summary>Why the link was lost, while it is <see cref="HardwareLinkState.Lost"/>; null otherwise (failures that
    /// leave it connected are in its counters).</summary>
    string? Reason { get; }

    /// <summary>Raised (on the link's own thread) when <see cref="State"/> changes.</summary>
    event Action? StateChanged;

    /// <summary>Writes the link's counters as properties of the JSON object being written (its state, device and
    /// reason are written by the caller).</summary>
    void WriteCounters(Utf8JsonWriter json);
}
