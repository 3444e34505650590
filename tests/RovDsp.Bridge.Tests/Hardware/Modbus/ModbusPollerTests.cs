using RovDsp.Bridge.Hardware.Modbus;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>The poller over a PLC that keeps failing: it keeps running, backs off, and hands each lost reading on
/// as a faulty (NaN) one.</summary>
public class ModbusPollerTests
{
    private static readonly RegisterMap Map = RegisterMap.Parse("""
        {"timeoutMs": 200, "sensors": [
          {"kind": "FlowVelocity", "address": 0, "type": "uint16", "scale": 0.01, "engineeringUnit": "m/s", "pollHz": 20}]}
        """);

    private static List<SlurrySample> Collect(List<ReadOnlyMemory<byte>> published) =>
        published.Select(b =>
        {
            Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(b.Span, out var s));
            return s;
        }).ToList();

    [Fact]
    public async Task A_PLC_that_drops_every_connection_is_retried_with_back_off_and_its_readings_are_faulty_not_zero()
    {
        await using var plc = new ScriptedPlc((_, _, _) => Task.FromResult(false));
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, Map.Timeout);
        var published = new List<ReadOnlyMemory<byte>>();
        var poller = new ModbusPoller(client, Map, (b, _) =>
        {
            published.Add(b.ToArray());
            return ValueTask.CompletedTask;
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await poller.RunAsync(stop.Token);
        var samples = Collect(published);
        // 20 Hz for 3 s: up to 60 readings, every one NaN, and they keep coming while the poller waits to reconnect (a
        // loaded machine loses some cycles, hence the lower bound of 25); back-off 0.1, 0.2, 0.4, 0.8, 1.6 s allows at
        // most 6 connections, not 60.
        Assert.InRange(samples.Count, 25, 62);
        Assert.All(samples, s => Assert.True(float.IsNaN(s.Value)));
        Assert.Equal(samples.Count, poller.FaultyReadings);
        Assert.InRange(plc.Connections, 2, 6);
        // Every poll tries to connect; the last may be cut by the stop between its count and its connect attempt (a
        // fresh-clone CI run saw 6 polls, 5 connects).
        Assert.InRange(client.Connects, poller.Polls - 1, poller.Polls);
        Assert.Equal("down", poller.LinkState);
        Assert.Contains($"modbus://127.0.0.1:{plc.Port}", client.LastError, StringComparison.Ordinal);
        // Stamps and sequence numbers still advance, so the pipeline takes each faulty reading in order.
        Assert.All(samples.Zip(samples.Skip(1)), p => Assert.True(p.Second.Stamp.TimestampNs > p.First.Stamp.TimestampNs && p.Second.Stamp.Sequence == p.First.Stamp.Sequence + 1));
    }

    [Fact]
    public async Task A_PLC_that_stops_answering_gives_counted_timeouts_then_good_readings_when_it_answers_again()
    {
        await using var plc = new ScriptedPlc(async (i, tid, s) =>
        {
            if (i is >= 3 and < 6)
            {
                return true; // silent for three requests
            }

            await s.WriteAsync(ScriptedPlc.Answer(tid, 250));
            return true;
        });
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, Map.Timeout);
        var published = new List<ReadOnlyMemory<byte>>();
        var poller = new ModbusPoller(client, Map, (b, _) =>
        {
            published.Add(b.ToArray());
            return ValueTask.CompletedTask;
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await poller.RunAsync(stop.Token);
        var samples = Collect(published);
        Assert.Equal(3, client.Timeouts);
        Assert.Equal(3, poller.FaultyReadings);
        Assert.Equal(1, client.Connects);
        Assert.Equal("up", poller.LinkState);
        Assert.Equal(2.5f, samples[^1].Value, 4);
        Assert.Equal(SlurrySensorKind.FlowVelocity, samples[^1].Kind);
    }
}
