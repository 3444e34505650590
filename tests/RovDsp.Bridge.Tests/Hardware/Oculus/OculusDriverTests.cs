using RovDsp.Bridge.Hardware;
using System.Collections.Concurrent;
using System.Net;
using RovDsp.Bridge.Hardware.Oculus;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Hardware.Oculus;

/// <summary>
/// The Oculus driver against the simulated sonar serving the three real pings of shared/data/oculus byte for byte:
/// what it publishes is exactly what the recording importer's conversion makes of the same pings; garbage, a
/// half-sent frame, a dropped connection and a silent sonar are each survived, counted and said; and the sonar is
/// found from its UDP status broadcasts on loopback.
/// </summary>
public class OculusDriverTests(ITestOutputHelper log)
{
    private static async Task WaitUntil(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static (OculusDriver Driver, ConcurrentQueue<byte[]> Published) Driver(OculusDriverOptions options)
    {
        var published = new ConcurrentQueue<byte[]>();
        var driver = new OculusDriver(options, (frame, _) =>
        {
            published.Enqueue(frame.ToArray());
            return ValueTask.CompletedTask;
        });
        return (driver, published);
    }

    // Every published message equals the importer's conversion of the real ping its pingId names, with its stamp.
    private static void AssertAllExact(IEnumerable<byte[]> published, byte[] capture)
    {
        var pings = OculusCaptures.Pings(capture);
        var byId = pings.ToDictionary(p => p.PingId);
        foreach (var message in published)
        {
            var stamp = OculusCaptures.StampOf(message);
            Assert.True(byId.TryGetValue(stamp.Sequence, out var ping), $"pingId {stamp.Sequence} is not in the capture");
            Assert.Equal(OculusCaptures.Expected(ping, stamp), message);
        }
    }

    [Fact]
    public async Task Real_pings_go_through_the_driver_byte_for_byte()
    {
        var capture = OculusCaptures.Read();
        await using var device = SimulatedOculusDevice.FromCapture(capture);
        var (driver, published) = Driver(new OculusDriverOptions { Host = "127.0.0.1", Port = device.EndPoint.Port, PingRateHz = 40, RangeM = 2, GainPercent = 60 });
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);
        await WaitUntil(() => published.Count >= 7, "seven frames");
        await stop.CancelAsync();
        await run;

        // The sonar was fired as configured: range in metres, gains per row, 8-bit, 40 Hz.
        var fire = device.LastFire!;
        Assert.Equal(2.0, fire.Range);
        Assert.Equal(60.0, fire.GainPercent);
        Assert.True(fire.GainSent);
        Assert.Equal(OculusDriverTestsRates.Highest, fire.PingRate);
        Assert.Equal(0, fire.Flags & 0x02);

        AssertAllExact(published, capture);
        // All three pings went through, in the order served.
        Assert.Equal(3, published.Select(p => OculusCaptures.StampOf(p).Sequence).Distinct().Count());
        Assert.Equal(0, driver.BadFrames);
        Assert.Equal(0, driver.Resyncs);
        log.WriteLine(driver.Describe());
    }

    [Fact]
    public async Task Garbage_a_half_frame_a_dropped_connection_and_silence_are_survived_counted_and_said()
    {
        var capture = OculusCaptures.Read();
        await using var device = SimulatedOculusDevice.FromCapture(capture);
        var (driver, published) = Driver(new OculusDriverOptions
        {
            Host = "127.0.0.1", Port = device.EndPoint.Port, PingRateHz = 40, StallTimeout = TimeSpan.FromSeconds(1),
            MinBackoff = TimeSpan.FromMilliseconds(100),
        });
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);
        await WaitUntil(() => published.Count >= 3, "first frames");
        Assert.Equal(HardwareLinkState.Connected, driver.State);

        // Garbage between frames: skipped, one resync, frames go on.
        device.InjectGarbage(777);
        await WaitUntil(() => driver.Resyncs >= 1, "a resync after garbage");
        var afterGarbage = published.Count;
        await WaitUntil(() => published.Count >= afterGarbage + 3, "frames after garbage");
        Assert.True(driver.BytesSkipped >= 777, $"{driver.BytesSkipped} bytes skipped");
        Assert.Equal(0, driver.BadFrames);

        // A half-sent frame followed by whole ones: one bad frame, and the next frame is not lost behind it.
        device.SendHalfFrameNext();
        await WaitUntil(() => driver.BadFrames >= 1, "the half frame counted");
        var afterHalf = published.Count;
        await WaitUntil(() => published.Count >= afterHalf + 3, "frames after the half frame");
        Assert.Contains("half-sent", driver.Describe(), StringComparison.Ordinal);

        // Half a frame, then the connection drops: counted, said, reconnected.
        device.DropConnectionNext();
        await WaitUntil(() => driver.Reconnects >= 1 && driver.Connects >= 2, "a reconnection");
        Assert.True(driver.BadFrames >= 2, "the partial frame at the drop is not counted");
        var afterDrop = published.Count;
        await WaitUntil(() => published.Count >= afterDrop + 3, "frames after the reconnection");
        Assert.True(device.Connections >= 2);

        // The sonar stops answering on an open connection: the link is lost with the reason, then made again.
        var reconnects = driver.Reconnects;
        device.Silent = true;
        await WaitUntil(() => driver.Reconnects > reconnects, "the silent sonar noticed", 6);
        Assert.Contains("stopped answering", driver.Describe(), StringComparison.Ordinal);
        device.Silent = false;
        var afterSilence = published.Count;
        await WaitUntil(() => published.Count >= afterSilence + 3, "frames once the sonar answers again");

        await stop.CancelAsync();
        await run;
        log.WriteLine(driver.Describe());
        // Nothing bad was ever published.
        AssertAllExact(published, capture);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Simulated_8_and_16_bit_pings_arrive_as_the_simulator_made_them(bool wide)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 3, TimeSpan.FromSeconds(90)));
        var settings = new MultibeamSimulatorSettings { Beams = 64, Bins = 200 };
        await using var device = SimulatedOculusDevice.FromSimulator(world, 100, settings);
        var (driver, published) = Driver(new OculusDriverOptions { Host = "127.0.0.1", Port = device.EndPoint.Port, PingRateHz = 40, RangeM = 15, Data16Bit = wide });
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);
        await WaitUntil(() => published.Count >= 3, "three frames");
        await stop.CancelAsync();
        await run;

        // The simulator's own frame for the dive frame each pingId names, at the fired range.
        var sim = new MultibeamSimulator(world, settings with { RangeM = 15 });
        var expected = sim.CreateFrame();
        var codec = new MultibeamFrameCodec();
        foreach (var message in published)
        {
            Assert.Equal(WireError.None, codec.TryDecode(message, out var frame));
            sim.Simulate((int)frame!.Stamp.Sequence, expected, []);
            Assert.Equal(64, frame.BeamCount);
            Assert.Equal(200, frame.BinCount);
            Assert.Equal(15.0 / 200, frame.RangeResolutionM, 12);
            Assert.Equal(expected.RowGains, frame.RowGains.AsSpan(0, 200).ToArray());
            for (var b = 0; b < 64; b++)
            {
                // Bearings go over the wire in hundredths of a degree: within half of one (8.7e-5 rad).
                Assert.Equal(expected.BearingsRad[b], frame.BearingsRad[b], 9e-5f);
            }

            for (var i = 0; i < 64 * 200; i++)
            {
                var sample = wide ? frame.FloatSamples[i] : frame.ByteSamples[i];
                Assert.Equal(expected.ByteSamples[i] * (wide ? 256f : 1f), sample);
            }
        }

        Assert.Equal(wide ? 0x02 : 0, device.LastFire!.Flags & 0x02);
    }

    [Fact]
    public async Task The_sonar_is_found_from_its_UDP_status_broadcasts()
    {
        var udp = OculusCaptures.FreeUdpPort();
        var capture = OculusCaptures.Read("one_ping_8bit.raw");
        await using var device = SimulatedOculusDevice.FromCapture(capture, new IPEndPoint(IPAddress.Loopback, udp), TimeSpan.FromMilliseconds(200));
        var (driver, published) = Driver(new OculusDriverOptions { DiscoverPort = udp, Port = device.EndPoint.Port, PingRateHz = 10 });
        using var stop = new CancellationTokenSource();
        var run = driver.RunAsync(stop.Token);
        await WaitUntil(() => published.Count >= 2, "frames from the discovered sonar");
        Assert.True(driver.Discovery!.StatusMessages >= 1);
        Assert.Equal((ushort)1032, driver.Discovery.LastStatus!.PartNumber);
        Assert.Contains($"127.0.0.1:{device.EndPoint.Port}", driver.Describe(), StringComparison.Ordinal);
        await stop.CancelAsync();
        await run;
        AssertAllExact(published, capture);
    }
}

/// <summary>The Oculus.h PingRateType codes the tests check.</summary>
internal static class OculusDriverTestsRates
{
    /// <summary>pingRateHighest: 40 Hz.</summary>
    public const byte Highest = 2;
}
