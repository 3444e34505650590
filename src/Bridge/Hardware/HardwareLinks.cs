using System.Text.Json;
using System.Threading.Channels;

namespace RovDsp.Bridge.Hardware;

/// <summary>
/// The device links a bridge drives (<see cref="IHardwareLink"/>): the bridge writes them into its status (state and
/// reason, republished when a state changes) and metrics (with their counters). Links are added once they start and
/// stay for the run.
/// </summary>
public sealed class HardwareLinks
{
    private readonly object _gate = new();
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private IHardwareLink[] _links = [];

    /// <summary>The links, in the order they were added.</summary>
    public IReadOnlyList<IHardwareLink> All => Volatile.Read(ref _links);

    /// <summary>Adds <paramref name="link"/>; its state changes (and its arrival) are signalled to
    /// <see cref="WaitForChangeAsync"/>.</summary>
    /// <exception cref="ArgumentException">A link of the same name is already there.</exception>
    public void Add(IHardwareLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            if (_links.Any(l => l.Name == link.Name))
            {
                throw new ArgumentException($"a hardware link named '{link.Name}' is already registered", nameof(link));
            }

            Volatile.Write(ref _links, [.. _links, link]);
        }

        link.StateChanged += Signal;
        Signal();
    }

    /// <summary>Completes when a link was added or changed state since the last call (changes in between are
    /// coalesced into one).</summary>
    public ValueTask<bool> WaitForChangeAsync(CancellationToken cancellationToken) => _changes.Reader.ReadAsync(cancellationToken);

    /// <summary>Writes <c>"hardware": {name: {"device", "state", "reason"?}}</c> for the status (nothing without links).</summary>
    public void WriteStatus(Utf8JsonWriter json) => Write(json, counters: false);

    /// <summary>Writes <c>"hardware": {name: {"device", "state", "reason"?, counters...}}</c> for the metrics (nothing
    /// without links).</summary>
    public void WriteMetrics(Utf8JsonWriter json) => Write(json, counters: true);

    /// <summary>The state's name on the wire: <c>connecting</c>, <c>connected</c>, <c>lost</c>.</summary>
    public static string StateName(HardwareLinkState state) => state switch
    {
        HardwareLinkState.Connected => "connected",
        HardwareLinkState.Lost => "lost",
        HardwareLinkState.Discovering => "discovering",
        _ => "connecting",
    };

    private void Signal() => _changes.Writer.TryWrite(true);

    private void Write(Utf8JsonWriter json, bool counters)
    {
        ArgumentNullException.ThrowIfNull(json);
        var links = All;
        if (links.Count == 0)
        {
            return;
        }

        json.WriteStartObject("hardware");
        foreach (var link in links)
        {
            json.WriteStartObject(link.Name);
            json.WriteString("device", link.Device);
            json.WriteString("state", StateName(link.State));
            if (link.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            if (counters)
            {
                link.WriteCounters(json);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
