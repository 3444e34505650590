using System.Buffers;
using System.Diagnostics;
using System.Net;
using MQTTnet;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Connection;

/// <summary>
/// A multibeam frame (256 × 703 bytes plus header, ~180 KB) crosses loopback between two links in a few
/// milliseconds. With MQTTnet's default 8 KB socket buffers (16 KB once Linux doubles them, auto-tuning off) the
/// same frame went in 16 KB windows and took ~45 ms (the latency harness, before <see cref="MqttLink.SocketBufferBytes"/>).
/// </summary>
public class MqttLinkLargeMessageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void Socket_buffers_are_large_enough_for_a_multibeam_frame() =>
        Assert.True(MqttLink.SocketBufferBytes >= 256 * 703 + 1024, $"{MqttLink.SocketBufferBytes} B");

    [Fact]
    public async Task A_multibeam_sized_frame_crosses_the_embedded_broker_in_well_under_a_delayed_ack()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false);
        var arrived = 0L;
        using var signal = new SemaphoreSlim(0);
        await using var sub = new MqttLink(
            new MqttLinkOptions { Endpoint = endpoint, ClientId = "frames-sub", Subscriptions = [("rov/r1/raw/multibeam/#", 0)] },
            _ =>
            {
                Interlocked.Exchange(ref arrived, Stopwatch.GetTimestamp());
                signal.Release();
                return Task.CompletedTask;
            });
        await sub.StartAsync(Wait);
        await using var pub = new MqttLink(new MqttLinkOptions { Endpoint = endpoint, ClientId = "frames-pub" });
        await pub.StartAsync(Wait);

        var frame = new byte[256 * 703 + 64];
        new Random(5).NextBytes(frame);
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var message = new MqttApplicationMessageBuilder().WithTopic("rov/r1/raw/multibeam/mb1")
                .WithPayload(new ReadOnlySequence<byte>(frame)).Build();
            var sent = Stopwatch.GetTimestamp();
            Assert.True(await pub.PublishAsync(message));
            Assert.True(await signal.WaitAsync(Wait), $"frame {i} never arrived");
            times.Add(Stopwatch.GetElapsedTime(sent, Interlocked.Read(ref arrived)).TotalMilliseconds);
            await Task.Delay(20);
        }

        // The median of 21 frames: a neighbour's burst can slow a few, not most. 40 ms is Linux's minimum delayed
        // ACK, the floor of the 16 KB-window behaviour; on an idle machine a frame takes ~1 ms.
        var median = times.Order().ElementAt(times.Count / 2);
        Assert.True(median < 20, $"median {median:0.0} ms per 180 KB frame; all: {string.Join(", ", times.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}
