using System.Text.Json;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Tests.Support;
using Xunit;

namespace RovDsp.Dsp.Tests.Formats.Ping;

public sealed class PingViewerLogReaderTests
{
    private const string File = "pingviewer.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File);

    private static byte[] Log(JsonElement c) => Convert.FromBase64String(c.Text("log_b64"));

    private static string? NullableText(JsonElement e, string p) =>
        e.GetProperty(p).ValueKind == JsonValueKind.Null ? null : e.GetProperty(p).GetString();

    private static TimeSpan? Ms(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : TimeSpan.FromMilliseconds(e.GetInt32());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Header_matches_generator(string name)
    {
        JsonElement c = Fixture.Case(File, name);
        JsonElement h = c.GetProperty("header");
        var reader = new PingViewerLogReader(Log(c));
        Assert.Equal(h.Text("magic"), reader.Header.Magic);
        Assert.Equal((uint)h.Int("version"), reader.Header.Version);
        Assert.Equal(NullableText(h, "git_hash"), reader.Header.GitHash);
        Assert.Equal(NullableText(h, "git_date"), reader.Header.GitDate);
        Assert.Equal(NullableText(h, "git_tag"), reader.Header.GitTag);
        Assert.Equal(NullableText(h, "os_name"), reader.Header.OsName);
        Assert.Equal(NullableText(h, "os_version"), reader.Header.OsVersion);
        Assert.Equal(h.Int("family"), reader.Header.SensorFamily);
        Assert.Equal(h.Int("type"), reader.Header.SensorType);
        Assert.Equal(c.Int("header_length"), reader.Header.Length);
        Assert.Equal(h.GetProperty("utf8").GetBoolean(), reader.Header.Utf8Strings);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Records_match_generator(string name)
    {
        JsonElement c = Fixture.Case(File, name);
        var reader = new PingViewerLogReader(Log(c));
        List<PingViewerLogRecord> records = reader.Records().ToList();
        Assert.Equal(c.Int("record_count"), records.Count);
        Assert.Equal(c.Int("record_count"), reader.RecordCount);
        Assert.Equal(c.GetProperty("truncated").GetBoolean(), reader.Truncated);
        Assert.Equal(c.Int("bad_timestamps"), reader.BadTimestampRecords);
        JsonElement[] stamps = c.GetProperty("timestamps_ms").EnumerateArray().ToArray();
        JsonElement[] texts = c.GetProperty("timestamp_texts").EnumerateArray().ToArray();
        JsonElement[] lengths = c.GetProperty("chunk_lengths").EnumerateArray().ToArray();
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(i, records[i].Index);
            Assert.Equal(texts[i].GetString(), records[i].TimestampText);
            Assert.Equal(Ms(stamps[i]), records[i].Timestamp);
            Assert.Equal(lengths[i].GetInt32(), records[i].Chunk.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Messages_match_generator(string name)
    {
        JsonElement c = Fixture.Case(File, name);
        var reader = new PingViewerLogReader(Log(c));
        List<PingViewerLogMessage> messages = reader.Messages().ToList();
        JsonElement[] expected = c.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, messages.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            JsonElement e = expected[i];
            PingViewerLogMessage m = messages[i];
            Assert.Equal(e.Int("id"), m.MessageId);
            Assert.Equal(e.Int("src"), m.SourceId);
            Assert.Equal(e.Int("dst"), m.DestinationId);
            Assert.Equal(e.Int("record"), m.RecordIndex);
            Assert.Equal(Ms(e.GetProperty("timestamp_ms")), m.Timestamp);
            Assert.Equal(Convert.FromBase64String(e.Text("payload_b64")), m.Payload);
            JsonElement f = e.GetProperty("fields");
            switch (m.MessageId)
            {
                case Ping1DDistanceSimple.Identifier:
                    Assert.True(Ping1DDistanceSimple.TryRead(m.Payload, out Ping1DDistanceSimple d));
                    Assert.Equal((uint)f.GetProperty("distance").GetInt64(), d.Distance);
                    Assert.Equal(f.Int("confidence"), d.Confidence);
                    break;
                case Ping1DPcbTemperature.Identifier:
                    Assert.True(Ping1DPcbTemperature.TryRead(m.Payload, out Ping1DPcbTemperature t));
                    Assert.Equal(f.Int("pcb_temperature"), t.PcbTemperature);
                    break;
                case Ping360DeviceData.Identifier:
                    Assert.True(Ping360DeviceData.TryRead(m.Payload, out Ping360DeviceData dd));
                    Assert.Equal(f.Int("angle"), dd.Angle);
                    Assert.Equal(f.Int("number_of_samples"), dd.NumberOfSamples);
                    break;
            }
        }
    }

    [Theory]
    [InlineData("wrong_magic")]
    [InlineData("version_2")]
    [InlineData("version_0")]
    [InlineData("absurd_string")]
    [InlineData("absurd_timestamp")]
    public void Bad_input_throws_format_exception_with_offset(string name)
    {
        JsonElement b = Fixture.Load(File).GetProperty("bad").GetProperty(name);
        byte[] data = Convert.FromBase64String(b.Text("b64"));
        var ex = Assert.Throws<PingViewerLogFormatException>(() => _ = new PingViewerLogReader(data).Records().ToList());
        Assert.Equal(b.Int("offset"), ex.Offset);
        Assert.Contains(b.Int("offset").ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void Empty_input_throws()
    {
        Assert.Throws<PingViewerLogFormatException>(() => new PingViewerLogReader(ReadOnlyMemory<byte>.Empty));
    }

    [Theory]
    [InlineData("٠١:٠٢:٠٣.٠٠٤", 3_723_004)]
    [InlineData("۲۳:۵۹:۵۹.۹۹۹", 86_399_999)]
    [InlineData("00:00:00.000", 0)]
    public void Timestamp_digits_are_taken_by_numeric_value(string text, int ms)
    {
        // Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0) digits.
        Assert.True(PingViewerLogReader.TryParseTimestamp(text, out TimeSpan t));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), t);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12:34")]
    [InlineData("24:00:00.000")]
    [InlineData("00:60:00.000")]
    [InlineData("00:00:00.0000")]
    [InlineData("00:00:00,000")]
    [InlineData("00:00:00.000 ")]
    public void Malformed_timestamps_are_rejected(string text)
    {
        Assert.False(PingViewerLogReader.TryParseTimestamp(text, out _));
    }

    [Fact]
    public void Corruptions_only_ever_throw_the_format_exception()
    {
        // 2,000 corruptions (byte flips, truncations, inserted garbage) of every fixture log: the reader must either
        // read them or throw PingViewerLogFormatException, never anything else (index, overflow, argument errors).
        var rng = new Random(4242);
        byte[][] logs = Fixture.Load(File).GetProperty("cases").EnumerateArray().Select(Log).ToArray();
        int formatErrors = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] src = logs[trial % logs.Length];
            byte[] data;
            switch (trial % 4)
            {
                case 0:
                    data = (byte[])src.Clone();
                    for (int k = rng.Next(1, 8); k > 0; k--)
                    {
                        data[rng.Next(data.Length)] = (byte)rng.Next(256);
                    }

                    break;
                case 1:
                    data = src.AsSpan(0, rng.Next(src.Length)).ToArray();
                    break;
                case 2:
                    int at = rng.Next(src.Length);
                    var junk = new byte[rng.Next(1, 12)];
                    rng.NextBytes(junk);
                    data = [.. src.AsSpan(0, at), .. junk, .. src.AsSpan(at)];
                    break;
                default:
                    data = (byte[])src.Clone();
                    int p = rng.Next(Math.Max(1, data.Length - 4));
                    data[p] = 0xFF;
                    if (p + 1 < data.Length)
                    {
                        data[p + 1] = (byte)rng.Next(256);
                    }

                    break;
            }

            try
            {
                var reader = new PingViewerLogReader(data);
                _ = reader.Records().Count();
                _ = reader.Messages().Count();
                _ = reader.Truncated;
                _ = reader.BadTimestampRecords;
            }
            catch (PingViewerLogFormatException)
            {
                formatErrors++;
            }
        }

        // Header corruptions must be detected at least sometimes, or the test proves nothing.
        Assert.InRange(formatErrors, 1, 1999);
    }

    [Fact]
    public void Messages_are_independent_of_record_boundaries()
    {
        // The same device byte stream logged as one record or as many must decode to the same messages.
        JsonElement c = Fixture.Case(File, "ping1d_split");
        var reader = new PingViewerLogReader(Log(c));
        byte[] stream = reader.Records().SelectMany(r => r.Chunk.ToArray()).ToArray();
        byte[] head = Log(c).AsSpan(0, reader.Header.Length).ToArray();
        byte[] ts = System.Text.Encoding.BigEndianUnicode.GetBytes("00:00:01.000");
        var one = new List<byte>(head);
        one.AddRange([0, 0, 0, (byte)ts.Length]);
        one.AddRange(ts);
        one.AddRange([(byte)(stream.Length >> 24), (byte)(stream.Length >> 16), (byte)(stream.Length >> 8), (byte)stream.Length]);
        one.AddRange(stream);
        var single = new PingViewerLogReader(one.ToArray());
        Assert.False(single.Truncated);
        Assert.Equal(
            reader.Messages().Select(m => (m.MessageId, Convert.ToBase64String(m.Payload))),
            single.Messages().Select(m => (m.MessageId, Convert.ToBase64String(m.Payload))));
        Assert.All(single.Messages(), m => Assert.Equal(0, m.RecordIndex));
    }
}
