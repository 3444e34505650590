using System.Text.Json;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>
/// The PLC's Modbus TCP link as the bridge reports it (<see cref="IHardwareLink"/>, key <c>modbus</c>): connected
/// while the PLC answers, lost with the client's reason when it does not; in metrics every counter of the client and
/// the poller, exceptions by code, and the round trip (last and p99 of the last 4,096 good reads).
/// </summary>
public sealed class ModbusHardwareLink : IHardwareLink
{
    private readonly ModbusPoller _poller;
    private readonly Func<long>? _publishesDropped;

    /// <summary>Reports on <paramref name="poller"/>; <paramref name="publishesDropped"/> counts readings the way to the
    /// broker dropped, when there is such a count.</summary>
    public ModbusHardwareLink(ModbusPoller poller, Func<long>? publishesDropped = null)
    {
        ArgumentNullException.ThrowIfNull(poller);
        _poller = poller;
        _publishesDropped = publishesDropped;
        poller.LinkChanged += () => StateChanged?.Invoke();
    }

    /// <inheritdoc/>
    public string Name => "modbus";

    /// <inheritdoc/>
    public string Device => _poller.Client.Description;

    /// <inheritdoc/>
    public HardwareLinkState State => !_poller.Started ? HardwareLinkState.Connecting
        : _poller.LinkState == "up" ? HardwareLinkState.Connected : HardwareLinkState.Lost;

    /// <inheritdoc/>
    public string? Reason => State == HardwareLinkState.Lost ? _poller.DownReason ?? $"no answer from {Device}" : null;

    /// <inheritdoc/>
    public event Action? StateChanged;

    /// <inheritdoc/>
    public void WriteCounters(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var c = _poller.Client;
        json.WriteNumber("requests", c.Requests);
        json.WriteNumber("responses", c.Responses);
        json.WriteStartObject("exceptions");
        json.WriteNumber("total", c.DeviceExceptions);
        json.WriteStartArray("byCode");
        foreach (var (code, count) in c.DeviceExceptionsByCode())
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            // The code's name as the specification gives it, e.g. "illegal data address".
            json.WriteString("name", ModbusDeviceException.Describe(code));
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNumber("timeouts", c.Timeouts);
        json.WriteNumber("wrongTransactionIds", c.WrongTransactions);
        json.WriteNumber("shortFrames", c.ShortFrames);
        json.WriteNumber("badFrames", c.BadFrames);
        json.WriteNumber("connects", c.Connects);
        json.WriteNumber("reconnects", Math.Max(0, c.Connects - 1));
        json.WriteNumber("disconnects", c.Disconnects);
        json.WriteNumber("polls", _poller.Polls);
        json.WriteNumber("readings", _poller.Readings);
        json.WriteNumber("faultyReadings", _poller.FaultyReadings);
        json.WriteNumber("overruns", _poller.Overruns);
        json.WriteNumber("splits", _poller.Splits);
        json.WriteNumber("requestsPerCycle", _poller.Groups.Count);
        if (_publishesDropped is not null)
        {
            json.WriteNumber("publishesDropped", _publishesDropped());
        }

        json.WriteStartObject("roundTripUs");
        json.WriteNumber("last", _poller.LastRoundTripUs);
        json.WriteNumber("p50", _poller.RoundTripPercentileUs(50));
        json.WriteNumber("p99", _poller.RoundTripPercentileUs(99));
        json.WriteEndObject();
        if (c.LastError is { } error)
        {
            json.WriteString("lastError", error);
        }
    }
}
