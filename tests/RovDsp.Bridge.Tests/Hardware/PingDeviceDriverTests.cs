using RovDsp.Bridge.Hardware;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Replay.Devices;

namespace RovDsp.Bridge.Tests.Hardware;

public class PingDeviceDriverTests
{
    private sealed class Collected
    {
        public List<byte[]> Frames { get; } = [];

        public ValueTask Add(ReadOnlyMemory<byte> frame, CancellationToken _)
        {
            Frames.Add(frame.ToArray());
            return ValueTask.CompletedTask;
        }
    }

    private static (ushort Id, ushort Angle, int Samples, byte[] Data) Decode(byte[] frame)
    {
        // Re-parse the published bytes with the project's parser: a published frame must be a valid frame.
        var parser = new PingFrameParser();
        (ushort, ushort, int, byte[]) result = default;
        var frames = parser.Process(frame, f =>
        {
            if (Ping360DeviceData.TryRead(f.Payload, out var d))
            {
                result = (f.MessageId, d.Angle, d.NumberOfSamples, d.Data.ToArray());
            }
            else
            {
                result = (f.MessageId, 0, 0, []);
            }
        });
        Assert.Equal(1, frames);
        return result;
    }

    [Fact]
    public async Task Identifies_a_Ping360_and_scans_a_full_turn_publishing_each_device_data_frame()
    {
        await using var device = new SimulatedPing360Device(seed: 3);
        device.Targets.Add((100, 1.2, 220));
        await using var transport = new UdpPingTransport(device.EndPoint);
        var sink = new Collected();
        var driver = new PingDeviceDriver(transport, new PingDriverOptions { NumberOfSamples = 600 }, sink.Add);

        var info = await driver.IdentifyAsync(CancellationToken.None);
        Assert.Equal((byte)PingDeviceType.Ping360, info.DeviceType);
        sink.Frames.Clear();

        for (var step = 0; step < 400; step++)
        {
            Assert.True(await driver.StepPing360Async(CancellationToken.None));
        }

        Assert.Equal(400, sink.Frames.Count);
        var decoded = sink.Frames.Select(Decode).ToArray();
        Assert.All(decoded, d => Assert.Equal(Ping360DeviceData.Identifier, d.Id));
        Assert.Equal(Enumerable.Range(0, 400).Select(a => (ushort)a), decoded.Select(d => d.Angle));
        Assert.All(decoded, d => Assert.Equal(600, d.Samples));

        // At 80 ticks (2 µs) a sample is 1500 · 2e-6 / 2 = 1.5 mm, so 600 samples reach 0.9 m: the target at
        // 1.2 m is beyond the commanded range and must not appear.
        Assert.True(decoded[100].Data.Max() < 200);
        Assert.Equal(0, driver.Timeouts);
    }

    [Fact]
    public async Task Target_inside_the_range_shows_at_its_angle_and_sample()
    {
        await using var device = new SimulatedPing360Device(seed: 4);
        device.Targets.Add((50, 0.6, 230));
        await using var transport = new UdpPingTransport(device.EndPoint);
        var sink = new Collected();
        var driver = new PingDeviceDriver(transport, new PingDriverOptions { NumberOfSamples = 1200 }, sink.Add);
        await driver.IdentifyAsync(CancellationToken.None);
        sink.Frames.Clear();
        for (var step = 0; step < 60; step++)
        {
            await driver.StepPing360Async(CancellationToken.None);
        }

        var at50 = Decode(sink.Frames[50]);
        // 0.6 m at 1.5 mm per sample is sample 399 (range of sample i is (i + 1) · 1.5 mm).
        var peak = Array.IndexOf(at50.Data, at50.Data.Max());
        Assert.InRange(peak, 398, 400);
        Assert.True(at50.Data[peak] >= 200);
        Assert.True(Decode(sink.Frames[20]).Data.Max() < 150);
    }

    [Fact]
    public async Task A_bad_link_costs_timeouts_and_checksum_errors_but_the_scan_goes_on()
    {
        await using var device = new SimulatedPing360Device(seed: 5)
        {
            DropProbability = 0.1,
            GarbageProbability = 0.2,
            CorruptProbability = 0.1,
        };
        await using var transport = new UdpPingTransport(device.EndPoint);
        var sink = new Collected();
        var driver = new PingDeviceDriver(transport,
            new PingDriverOptions { NumberOfSamples = 300, ReplyTimeout = TimeSpan.FromMilliseconds(150) }, sink.Add);
        await driver.IdentifyAsync(CancellationToken.None);
        sink.Frames.Clear();
        var replied = 0;
        for (var step = 0; step < 200; step++)
        {
            replied += await driver.StepPing360Async(CancellationToken.None) ? 1 : 0;
        }

        Assert.Equal(200, device.CommandsReceived);
        Assert.Equal(device.RepliesSent, replied);
        Assert.Equal(200 - replied, driver.Timeouts);
        Assert.True(driver.Timeouts >= 20, $"timeouts {driver.Timeouts}");
        Assert.True(driver.Parser.ChecksumErrors >= 5, $"checksum errors {driver.Parser.ChecksumErrors}");
        Assert.Equal(replied, sink.Frames.Count);
        Assert.Equal(0, driver.NextAngle - 200);
    }
}
