using System.Diagnostics;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>
/// Polls a PLC over one Modbus TCP connection as a <see cref="RegisterMap"/> says and hands each reading on as the
/// slurry line's raw message (<see cref="SlurrySampleCodec"/>), stamped when its response arrived. A read that
/// fails (device exception, timeout, short frame, link down) is handed on as a NaN reading of each sensor it
/// held: the slurry pipeline flags the sensor not-finite (a fault), which is never taken as zero flow.
/// </summary>
public sealed class ModbusPoller
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly ModbusTcpClient _client;
    private readonly RegisterMap _map;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _publish;
    private readonly Dictionary<ushort, uint> _sequence = [];
    private readonly long _epochNs;
    private readonly long _epochTicks;
    private readonly long[] _roundTripsUs = new long[4096];
    private long _roundTripCount;
    private List<PollGroup> _groups;
    private bool _answered;
    private bool _reported;

    /// <summary>Creates a poller reading <paramref name="map"/> through <paramref name="client"/>; each encoded
    /// reading goes to <paramref name="publish"/>.</summary>
    public ModbusPoller(ModbusTcpClient client, RegisterMap map, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> publish)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(publish);
        _client = client;
        _map = map;
        _publish = publish;
        _groups = PollGroup.Plan(map.Sensors, map.MaxGap);
        _epochNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        _epochTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>The requests of one cycle (the fewest the map allows; a group the device refused is split).</summary>
    public IReadOnlyList<PollGroup> Groups => _groups;

    /// <summary>The client (its error counters).</summary>
    public ModbusTcpClient Client => _client;

    /// <summary>Requests made.</summary>
    public long Polls { get; private set; }

    /// <summary>Readings handed on with a value.</summary>
    public long Readings { get; private set; }

    /// <summary>Readings handed on as NaN because their read failed.</summary>
    public long FaultyReadings { get; private set; }

    /// <summary>Polls that started more than one period late (the link or the PLC cannot keep up with the map's rates).</summary>
    public long Overruns { get; private set; }

    /// <summary>Groups split after the device refused a grouped read.</summary>
    public long Splits { get; private set; }

    /// <summary>"up" while the last request was answered (even with an exception or a short frame), "down" when it
    /// was not (no connection, a timeout, a frame that is not Modbus TCP).</summary>
    public string LinkState => _answered ? "up" : "down";

    /// <summary>Whether any request has been made yet.</summary>
    public bool Started => Polls > 0;

    /// <summary>Why the last request got no answer, while <see cref="LinkState"/> is "down"; else null.</summary>
    public string? DownReason { get; private set; }

    /// <summary>Raised when <see cref="LinkState"/> changes (and on the first request's outcome), on the polling thread.</summary>
    public event Action? LinkChanged;

    /// <summary>The last good read's round trip (request sent → answer in), µs; 0 before any.</summary>
    public long LastRoundTripUs { get; private set; }

    /// <summary>The <paramref name="percentile"/>th round trip (request sent → answer in) of the last 4,096 good
    /// reads, µs; 0 before any.</summary>
    public long RoundTripPercentileUs(double percentile)
    {
        var n = (int)Math.Min(_roundTripCount, _roundTripsUs.Length);
        if (n == 0)
        {
            return 0;
        }

        var sorted = _roundTripsUs[..n];
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * n) - 1, 0, n - 1)];
    }

    /// <summary>Polls every group at its rate until cancelled, reconnecting with back-off (0.1 s doubling to 5 s)
    /// while the PLC cannot be reached.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var due = new long[_groups.Count];
        var start = Stopwatch.GetTimestamp();
        Array.Fill(due, start);
        var backoff = TimeSpan.FromMilliseconds(100);
        var retryAt = start;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (due.Length != _groups.Count)
                {
                    due = new long[_groups.Count];
                    Array.Fill(due, Stopwatch.GetTimestamp());
                }

                var next = 0;
                for (var i = 1; i < due.Length; i++)
                {
                    if (due[i] < due[next])
                    {
                        next = i;
                    }
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due[next]);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                var group = _groups[next];
                var period = (long)(Stopwatch.Frequency / group.PollHz);
                due[next] += period;
                var now = Stopwatch.GetTimestamp();
                if (now - due[next] > period)
                {
                    Overruns++;
                    due[next] = now + period;
                }

                if (!_client.Connected && now < retryAt)
                {
                    await FailAsync(group, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var ok = await PollAsync(group, cancellationToken).ConfigureAwait(false);
                if (!ok && !_client.Connected)
                {
                    retryAt = Stopwatch.GetTimestamp() + (long)(backoff.TotalSeconds * Stopwatch.Frequency);
                    backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                }
                else if (_client.Connected)
                {
                    backoff = TimeSpan.FromMilliseconds(100);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Makes <paramref name="group"/>'s request once and hands on its readings; false when it failed (its
    /// sensors were handed on as NaN).</summary>
    public async Task<bool> PollAsync(PollGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var registers = new ushort[group.Count];
        Polls++;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            await _client.ReadAsync(group.Unit, group.Function, group.Address, registers, cancellationToken).ConfigureAwait(false);
        }
        catch (ModbusDeviceException) when (group.Sensors.Count > 1)
        {
            // The run may cross registers the PLC does not map: ask for each sensor on its own from now on.
            SetLink(answered: true);
            Splits++;
            var index = _groups.IndexOf(group);
            _groups = [.. _groups[..index], .. group.Split(), .. _groups[(index + 1)..]];
            await FailAsync(group, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is ModbusDeviceException or ModbusProtocolException or TimeoutException or IOException
                                       or System.Net.Sockets.SocketException)
        {
            // An exception response or a short frame is an answer; silence, a dropped or refused connection and a
            // frame that is not Modbus TCP are not.
            SetLink(answered: ex is ModbusDeviceException || (ex is ModbusProtocolException { ShortFrame: true } && _client.Connected));
            await FailAsync(group, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var arrived = Stopwatch.GetTimestamp();
        LastRoundTripUs = (long)Stopwatch.GetElapsedTime(sent, arrived).TotalMicroseconds;
        _roundTripsUs[_roundTripCount++ % _roundTripsUs.Length] = LastRoundTripUs;
        foreach (var s in group.Sensors)
        {
            var value = s.Decode(registers.AsSpan(s.Address - group.Address));
            await HandOnAsync(s, (float)value, arrived, cancellationToken).ConfigureAwait(false);
            Readings++;
        }

        // After the readings are handed on: a state change's status report must not delay them.
        SetLink(answered: true);
        return true;
    }

    private void SetLink(bool answered)
    {
        // The reason always names the device: some socket errors (a reset, a refused connect) carry no address.
        var device = _client.Description;
        DownReason = answered ? null
            : _client.LastError is { } error ? (error.Contains(device, StringComparison.Ordinal) ? error : $"{device}: {error}")
            : $"no answer from {device}";
        if (answered == _answered && _reported)
        {
            return;
        }

        _answered = answered;
        _reported = true;
        LinkChanged?.Invoke();
    }

    private async Task FailAsync(PollGroup group, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var s in group.Sensors)
        {
            await HandOnAsync(s, float.NaN, now, cancellationToken).ConfigureAwait(false);
            FaultyReadings++;
        }
    }

    private ValueTask HandOnAsync(RegisterMapEntry sensor, float value, long arrivedTicks, CancellationToken cancellationToken)
    {
        _sequence.TryGetValue(sensor.SensorId, out var seq);
        _sequence[sensor.SensorId] = seq + 1;
        var stampNs = _epochNs + (long)Stopwatch.GetElapsedTime(_epochTicks, arrivedTicks).TotalNanoseconds;
        var bytes = new byte[SlurrySampleCodec.AgedEncodedLength];
        // The reading's age so far (its group's earlier readings were handed on first) travels with it.
        var ageUs = (long)Stopwatch.GetElapsedTime(arrivedTicks).TotalMicroseconds;
        SlurrySampleCodec.Encode(new SlurrySample(new MessageStamp(stampNs, seq), sensor.SensorId, sensor.Kind, value), ageUs, bytes);
        return _publish(bytes, cancellationToken);
    }
}
