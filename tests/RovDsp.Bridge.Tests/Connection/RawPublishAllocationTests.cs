using MQTTnet;
using MQTTnet.Protocol;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Connection;

/// <summary>
/// A driver's sonar frame goes to the broker from the driver's own buffer: <see cref="MqttLink.PublishRawAsync"/> does
/// not copy it. Measured against the copy the drivers used to make (<c>WithPayload(frame.ToArray())</c>) in the same
/// run, on the same link to mosquitto (an outside broker, so the process's allocations are the publisher's alone).
/// </summary>
public sealed class RawPublishAllocationTests
{
    private const int FrameBytes = 256 * 703; // an 8-bit Oculus ping of 256 beams × 703 ranges
    private const int Frames = 40;

    private readonly ITestOutputHelper _log;

    public RawPublishAllocationTests(ITestOutputHelper log) => _log = log;

    [MosquittoFact]
    public async Task A_raw_frame_is_published_without_a_copy()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var link = new MqttLink(new MqttLinkOptions { Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "driver" });
        await link.StartAsync(TimeSpan.FromSeconds(10));
        var frame = new byte[FrameBytes];
        Random.Shared.NextBytes(frame);
        ReadOnlyMemory<byte> payload = frame;

        async Task Raw() => await link.PublishRawAsync("rov/rov1/raw/multibeam/multibeam1", payload);
        async Task Copied() => await link.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("rov/rov1/raw/multibeam/multibeam1")
            .WithPayload(payload.ToArray()).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());

        // Warm both paths (JIT, the client's buffers), then measure each over the same number of frames.
        await Measure(Raw, 5);
        await Measure(Copied, 5);
        var raw = await Measure(Raw, Frames);
        var copied = await Measure(Copied, Frames);
        _log.WriteLine($"per {FrameBytes}-byte frame: PublishRawAsync {raw:F0} bytes allocated, with the copy {copied:F0} bytes");
        Assert.True(copied >= FrameBytes, $"the baseline should allocate the frame's copy: {copied:F0} bytes a frame");
        Assert.True(raw < FrameBytes / 20.0, $"PublishRawAsync allocated {raw:F0} bytes a frame (the frame is {FrameBytes} bytes)");
        Assert.Equal(0, link.PublishesDropped);
    }

    private static async Task<double> Measure(Func<Task> publish, int frames)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < frames; i++)
        {
            await publish();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)frames;
    }
}
