using System.Text.Json;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Metrics;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Tests.Feeds;

/// <summary>
/// The side-scan handler, as the live bridge's worker runs it: encoded lines in, and on the contacts feed one
/// message per contact once it has closed. The lines are a flat seabed at 5 m altitude with a block to starboard
/// (top returning 5× the seabed from 8 to 10 m ground range, its shadow to 12.5 m) on lines 100–129.
/// </summary>
public class SideScanHandlerContactTests
{
    private const int Samples = 1024;
    private const double Interval = 2.0 * 30.0 / 1500.0 / Samples;

    private sealed class Capture : IFeedSink
    {
        public List<(string Topic, byte[] Payload, string ContentType)> Messages { get; } = [];

        public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
            CancellationToken cancellationToken)
        {
            Messages.Add((topic, payload.ToArray(), contentType));
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Publishes_one_contact_message_after_the_block_has_passed()
    {
        var sink = new Capture();
        var context = new HandlerContext(new TopicScheme("rov1"), sink, new ErrorReporter(10), new LatencyRecorder(), new LatencyRecorder(),
            new AlarmReportRecorder(_ => { }));
        var handler = new SideScanHandler("ss1", context, new SideScanSettings { MaxGroundRangeM = 30 });
        var line = new SideScanLine(Samples);
        var buffer = new byte[SideScanLineCodec.GetEncodedLength(Fill(line, 0, false))];
        var random = new Random(2);
        int? publishedAfter = null;
        for (uint n = 0; n < 150; n++)
        {
            Fill(line, n, n is >= 100 and < 130, random);
            var length = SideScanLineCodec.Encode(line, buffer);
            await handler.HandleAsync(buffer.AsMemory(0, length), 0, CancellationToken.None);
            if (publishedAfter is null && sink.Messages.Any(m => m.Topic == "rov/rov1/feed/sidescan-contacts/ss1"))
            {
                publishedAfter = (int)n;
            }
        }

        var contact = Assert.Single(sink.Messages, m => m.Topic == "rov/rov1/feed/sidescan-contacts/ss1");
        Assert.Equal("application/json", contact.ContentType);
        // A gap of MaxGapLines (5) lines is bridged; the 6th line without a detection (135) closes it.
        Assert.Equal(135, publishedAfter);
        using var json = JsonDocument.Parse(contact.Payload);
        var root = json.RootElement;
        Assert.Equal("starboard", root.GetProperty("side").GetString());
        Assert.Equal(100, root.GetProperty("firstPing").GetInt32());
        Assert.Equal(129, root.GetProperty("lastPing").GetInt32());
        Assert.InRange(root.GetProperty("nearRangeM").GetDouble(), 7.8, 8.2);
        Assert.InRange(root.GetProperty("heightM").GetDouble(), 0.9, 1.2);
        // Times as {sec, nsec}: line n is stamped n/15 s.
        Assert.Equal(6, root.GetProperty("firstTime").GetProperty("sec").GetInt64());
        Assert.Equal(666_666_666, root.GetProperty("firstTime").GetProperty("nsec").GetInt64());
        Assert.Equal(9, root.GetProperty("timestamp").GetProperty("sec").GetInt64()); // line 135 (9.0 s) closed it
    }

    private static SideScanLine Fill(SideScanLine line, uint n, bool block, Random? random = null)
    {
        line.Stamp = new MessageStamp(1_000_000_000L * n / 15, n);
        line.SampleCount = Samples;
        line.SampleIntervalS = Interval;
        line.SoundSpeedMps = 1500;
        line.FrequencyHz = 600e3;
        line.AltitudeM = 5.0;
        for (var i = 0; i < Samples; i++)
        {
            var s = 1500 * i * Interval / 2;
            var speckle = random is null ? 1.0 : Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var level = 0.01;
            if (s >= 5.0)
            {
                var g = Math.Sqrt(s * s - 25.0);
                level = (block && g is >= 8 and < 10 ? 5.0 : block && g is >= 10 and < 12.5 ? 0.02 : 1.0) * speckle;
            }

            line.Port[i] = (float)(s >= 5.0 ? speckle : 0.01);
            line.Starboard[i] = (float)level;
        }

        return line;
    }
}
