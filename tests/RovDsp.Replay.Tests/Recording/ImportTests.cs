using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;
using RovDsp.Dsp.Tests.Support;
using RovDsp.Replay.Tests.Support;

namespace RovDsp.Replay.Tests.Recording;

public sealed class ImportTests
{
    [SharedDataFact]
    public void Xtf_import_gives_461_side_scan_lines_with_the_files_ping_times()
    {
        var data = SharedData.Read("xtf/scotsman-iver2.xtf");
        Assert.Equal(ImportFormat.Xtf, RecordingImporter.Detect("scotsman-iver2.xtf", data.AsSpan(0, 64)));
        using var output = new MemoryStream();
        var result = RecordingImporter.Import(ImportFormat.Xtf, data, "scotsman-iver2.xtf", output);
        Assert.Equal(461, result.Messages);
        Assert.Equal(0, result.Skipped);
        Assert.Equal("rov/rov1/raw/sidescan/sidescan1", result.Topic);

        // Expected times straight from the XTF ping headers (independent of XtfSideScan's conversion).
        var pings = new XtfReader(data).ReadAll().Pings;
        output.Position = 0;
        using var reader = new McapReader(output);
        var summary = reader.ReadSummary();
        var channel = Assert.Single(summary.Channels.Values);
        Assert.Equal("rovdsp-wire", channel.MessageEncoding);
        Assert.Equal("rovdsp.wire.SideScanLine", summary.Schemas[channel.SchemaId].Name);
        var codec = new SideScanLineCodec();
        var i = 0;
        foreach (var message in reader.ReadMessages())
        {
            var expectedNs = (pings[i].Header.Time!.Value - DateTime.UnixEpoch).Ticks * 100L;
            Assert.Equal((ulong)expectedNs, message.LogTime);
            Assert.Equal(message.LogTime, message.PublishTime);
            Assert.Equal(WireError.None, codec.TryDecode(message.Data.Span, out var line));
            Assert.Equal(expectedNs, line!.Stamp.TimestampNs);
            Assert.Equal(pings[i].PortSamples.Length, line.SampleCount);
            i++;
        }
        Assert.Equal(461, i);
        Assert.True(summary.Statistics!.MessageEndTime > summary.Statistics.MessageStartTime);
    }

    [SharedDataFact]
    public void Oculus_import_gives_one_multibeam_frame_per_ping()
    {
        var data = SharedData.Read("oculus/three_pings_8bit.raw");
        Assert.Equal(ImportFormat.Oculus, RecordingImporter.Detect("x.dat", data.AsSpan(0, 64)));
        using var output = new MemoryStream();
        var result = RecordingImporter.Import(ImportFormat.Oculus, data, "three_pings_8bit.raw", output,
            new ImportOptions { StartTimeNs = 1_000_000_000, OculusPingRateHz = 5 });
        Assert.Equal(3, result.Messages);
        output.Position = 0;
        using var reader = new McapReader(output);
        var codec = new MultibeamFrameCodec();
        var times = new List<ulong>();
        foreach (var message in reader.ReadMessages())
        {
            Assert.Equal(WireError.None, codec.TryDecode(message.Data.Span, out var frame));
            Assert.Equal(256, frame!.BeamCount);
            Assert.Equal(703, frame.BinCount);
            times.Add(message.LogTime);
        }
        Assert.Equal([1_000_000_000UL, 1_200_000_000UL, 1_400_000_000UL], times);
    }

    [Fact]
    public void Ping_viewer_import_keeps_the_frames_and_the_logs_relative_times()
    {
        var payload = new byte[] { 1, 2, 3, 4 };
        var frame = new byte[payload.Length + 10];
        var n = PingFrameWriter.Write(frame, 1300, 1, 0, payload);
        var log = PingViewerLogBuilder.Build(1, [("00:00:01.250", frame.AsSpan(0, n).ToArray()), ("00:00:02.500", frame.AsSpan(0, n).ToArray())]);
        Assert.Equal(ImportFormat.PingViewer, RecordingImporter.Detect("x.log", log.AsSpan(0, Math.Min(64, log.Length))));
        using var output = new MemoryStream();
        var result = RecordingImporter.Import(ImportFormat.PingViewer, log, "x.bin", output, new ImportOptions { StartTimeNs = 10_000_000_000 });
        Assert.Equal(2, result.Messages);
        Assert.Equal("rov/rov1/raw/ping/ping1d", result.Topic);
        output.Position = 0;
        using var reader = new McapReader(output);
        Assert.Equal("ping-protocol", Assert.Single(reader.ReadSummary().Channels.Values).MessageEncoding);
        var messages = reader.ReadMessages().ToList();
        Assert.Equal(11_250_000_000UL, messages[0].LogTime);
        Assert.Equal(12_500_000_000UL, messages[1].LogTime);
        Assert.True(messages[0].Data.Span.SequenceEqual(frame.AsSpan(0, n)));
    }

    [Fact]
    public void Malformed_input_raises_the_formats_own_exception()
    {
        var junk = new byte[100];
        junk[0] = 0x53;
        junk[1] = 0x4F;
        Assert.ThrowsAny<Exception>(() => RecordingImporter.Import(ImportFormat.Xtf, junk, "junk.xtf", new MemoryStream()));
        Assert.Null(RecordingImporter.Detect("junk.txt", [0, 0, 0, 0]));
    }
}
