using System.Text.Json;

namespace RovDsp.Bridge.Service;

/// <summary>
/// The hardware links a <see cref="BridgeService"/> reports on. A link says when its state changed
/// (<see cref="NotifyChanged"/>): the service then publishes its retained status again, so a pilot's display sees
/// "sonar lost: connection refused" at once rather than at the next metrics tick.
/// </summary>
public sealed class DeviceLinks
{
    private readonly Lock _gate = new();
    private readonly List<IDeviceLink> _links = [];

    /// <summary>Raised after a link's state changed (on the caller's thread; handlers must not block).</summary>
    public event Action? Changed;

    /// <summary>The links, in the order added.</summary>
    public IReadOnlyList<IDeviceLink> Snapshot()
    {
        lock (_gate)
        {
            return [.. _links];
        }
    }

    /// <summary>Adds <paramref name="link"/> to status and metrics.</summary>
    public void Add(IDeviceLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            _links.Add(link);
        }

        Changed?.Invoke();
    }

    /// <summary>Removes <paramref name="link"/> (its driver stopped).</summary>
    public void Remove(IDeviceLink link)
    {
        lock (_gate)
        {
            _links.Remove(link);
        }
    }

    /// <summary>Called by a link whose state changed.</summary>
    public void NotifyChanged() => Changed?.Invoke();

    /// <summary>Writes <c>"devices": { name: {...} }</c> with each link's status or metrics; nothing when there are none.</summary>
    internal void Write(Utf8JsonWriter json, bool metrics)
    {
        var links = Snapshot();
        if (links.Count == 0)
        {
            return;
        }

        json.WriteStartObject("devices");
        foreach (var link in links)
        {
            json.WriteStartObject(link.Name);
            if (metrics)
            {
                link.WriteMetrics(json);
            }
            else
            {
                link.WriteStatus(json);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
