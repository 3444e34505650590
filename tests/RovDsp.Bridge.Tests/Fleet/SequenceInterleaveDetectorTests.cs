using System.Buffers;
using RovDsp.Bridge.Fleet;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>The detector says nothing on a vehicle's whole stream (sensors interleaved on one slurry topic, each in
/// order, and a sensor's dropout), and fires on every second message, as one member of a round-robin share group
/// sees it.</summary>
public sealed class SequenceInterleaveDetectorTests
{
    private const string Topic = "rov/rov1/raw/slurry/line1";

    private static ReadOnlySequence<byte> Sample(ushort sensor, uint sequence)
    {
        var bytes = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(new SlurrySample(new MessageStamp(1_000_000_000L + sequence, sequence), sensor, SlurrySensorKind.FlowVelocity, 2.5f), bytes);
        return new ReadOnlySequence<byte>(bytes);
    }

    [Fact]
    public void WholeStreamWithADropoutIsNotInterleaved()
    {
        var detector = new SequenceInterleaveDetector();
        for (uint seq = 0; seq < 1000; seq++)
        {
            if (seq is >= 300 and < 360)
            {
                continue; // a 0.6 s dropout: the sequence still advances
            }

            for (ushort sensor = 1; sensor <= 8; sensor++)
            {
                Assert.Null(detector.Observe(Topic, Sample(sensor, seq)));
            }
        }

        Assert.Equal(0, detector.InterleavedBlocks);
    }

    [Fact]
    public void EverySecondMessageIsInterleavedAndSaidOncePerSensor()
    {
        var detector = new SequenceInterleaveDetector();
        var verdicts = new List<string>();
        for (uint seq = 0; seq < 400; seq += 2)
        {
            for (ushort sensor = 1; sensor <= 2; sensor++)
            {
                if (detector.Observe(Topic, Sample(sensor, seq)) is { } v)
                {
                    verdicts.Add(v);
                }
            }
        }

        Assert.Equal(2, verdicts.Count);
        Assert.Contains("interleaved sequence numbers on rov/rov1/raw/slurry/line1 sensor 1", verdicts[0], StringComparison.Ordinal);
        Assert.True(detector.InterleavedBlocks >= 10);
    }

    [Fact]
    public void NotWireEncodedPayloadsAreIgnored()
    {
        var detector = new SequenceInterleaveDetector();
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(detector.Observe("rov/rov1/raw/ping/p1", new ReadOnlySequence<byte>(new byte[] { (byte)'B', (byte)'R', 0, 0, 0, 0, 0, 0, 0, 0 })));
        }
    }
}
