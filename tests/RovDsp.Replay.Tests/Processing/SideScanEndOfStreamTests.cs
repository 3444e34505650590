using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Tests.Processing;

/// <summary>
/// A side-scan recording that ends while an object is still in view: <see cref="DiveProcessor"/> asks the
/// handler for what it still holds after the last message, so the contact is in processed.mcap and its table.
/// </summary>
public sealed class SideScanEndOfStreamTests : IDisposable
{
    private const int Samples = 1024;
    private const double Interval = 2.0 * 30.0 / 1500.0 / Samples;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rovdsp-contact-eos-" + Guid.NewGuid().ToString("N"));

    public SideScanEndOfStreamTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_contact_still_open_at_the_end_of_the_recording_is_published()
    {
        // 100 lines of seabed, then a block to starboard (8–10 m, shadow to 12.5 m) on the last 20 lines.
        var input = Path.Combine(_dir, "in.mcap");
        using (var file = File.Create(input))
        using (var writer = new McapWriter(file))
        {
            var schema = writer.RegisterSchema("rovdsp.wire.SideScanLine", "rovdsp-wire", []);
            var channel = writer.RegisterChannel(schema, "rov/rov1/raw/sidescan/ss1", "rovdsp-wire");
            var line = new SideScanLine(Samples);
            var random = new Random(3);
            var buffer = new byte[64 * 1024];
            for (uint n = 0; n < 120; n++)
            {
                Fill(line, n, n >= 100, random);
                var length = SideScanLineCodec.Encode(line, buffer);
                var t = (ulong)line.Stamp.TimestampNs + 1_000_000_000UL;
                writer.WriteMessage(channel, n, t, t, buffer.AsSpan(0, length));
            }
        }

        var result = await new DiveProcessor().ProcessAsync(input, Path.Combine(_dir, "out.mcap"));
        var table = result.Sink.Table("rov/rov1/feed/sidescan-contacts/ss1");
        Assert.NotNull(table);
        var row = Assert.Single(table.Rows);
        Assert.Equal("100", row.Text("firstPing"));
        Assert.Equal("119", row.Text("lastPing"));
        Assert.InRange(row.Number("nearRangeM"), 7.8, 8.2);
        // Stamped at the recording's last log time.
        Assert.Equal(result.EndNs, row.LogTimeNs);
    }

    private static void Fill(SideScanLine line, uint n, bool block, Random random)
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
            var speckle = Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var g = s >= 5.0 ? Math.Sqrt(s * s - 25.0) : -1;
            line.Port[i] = (float)(g >= 0 ? speckle : 0.01);
            line.Starboard[i] = (float)(g < 0 ? 0.01 : (block && g is >= 8 and < 10 ? 5.0 : block && g is >= 10 and < 12.5 ? 0.02 : 1.0) * speckle);
        }
    }
}
