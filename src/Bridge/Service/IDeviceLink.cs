using System.Text.Json;

namespace RovDsp.Bridge.Service;

/// <summary>A hardware link driven inside the bridge's process (a sonar over TCP, a PLC): what the bridge's
/// <c>status</c> and <c>metrics</c> say about it. Registered with <see cref="DeviceLinks"/>.</summary>
public interface IDeviceLink
{
    /// <summary>Its name in status and metrics (for example <c>oculus</c>).</summary>
    string Name { get; }

    /// <summary>Writes the link's state (one JSON object's properties: state, address, reason) for the status.</summary>
    void WriteStatus(Utf8JsonWriter json);

    /// <summary>Writes the link's counters (one JSON object's properties) for the metrics.</summary>
    void WriteMetrics(Utf8JsonWriter json);
}
