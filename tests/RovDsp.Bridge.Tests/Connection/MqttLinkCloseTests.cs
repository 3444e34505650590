using System.Net;
using MQTTnet.Server;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Connection;

/// <summary>
/// A link that stops delivers what it already published. MQTTnet's client closes its socket with SO_LINGER on and a
/// zero timeout by default, which makes close() send a TCP reset: whatever still sat in the socket's send buffer (up to
/// <see cref="MqttLink.SocketBufferBytes"/>) and what the broker had received but not yet read were thrown away, and
/// with them the DISCONNECT, so the broker took a clean stop for a lost connection. A CI run saw it as 371 of 123,615
/// Ping360 frames that the driver had published and the broker never got.
/// </summary>
public sealed class MqttLinkCloseTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Every_raw_frame_published_before_dispose_reaches_the_broker_and_the_disconnect_is_clean()
    {
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var received = 0;
        broker.Server.InterceptingPublishAsync += e =>
        {
            if (e.ClientId == "burst")
            {
                Interlocked.Increment(ref received);
            }

            return Task.CompletedTask;
        };
        var disconnected = new TaskCompletionSource<MqttClientDisconnectType>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.Server.ClientDisconnectedAsync += e =>
        {
            if (e.ClientId == "burst")
            {
                disconnected.TrySetResult(e.DisconnectType);
            }

            return Task.CompletedTask;
        };
        // A slow broker, as on a loaded machine: every publish it reads costs it a little, so the link's socket buffers
        // are full when it stops.
        broker.Server.InterceptingPublishAsync += _ =>
        {
            Thread.SpinWait(2000);
            return Task.CompletedTask;
        };

        const int Frames = 20_000;
        var frame = new byte[1200]; // a Ping360 step's size
        var link = new MqttLink(new MqttLinkOptions { Endpoint = new BrokerEndpoint("127.0.0.1", broker.Port, false), ClientId = "burst" });
        await link.StartAsync(TimeSpan.FromSeconds(10));
        var published = 0;
        for (var i = 0; i < Frames; i++)
        {
            if (await link.PublishRawAsync("rov/rov1/raw/ping/ping1", frame))
            {
                published++;
            }
        }

        var behindAtStop = published - Volatile.Read(ref received);
        await link.DisposeAsync();
        var type = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Volatile.Read(ref received) < published && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        log.WriteLine($"published {published}, the broker {behindAtStop} behind when the link stopped; received {Volatile.Read(ref received)}; disconnect {type}");
        Assert.Equal(Frames, published);
        Assert.True(behindAtStop > 0, "the broker kept up: the test did not stop the link with frames in flight");
        Assert.Equal(published, Volatile.Read(ref received));
        Assert.Equal(MqttClientDisconnectType.Clean, type);
    }
}
