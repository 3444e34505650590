using System.Text;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// A deterministic sample recording written with our writer: three channels (two with JSON schemas, one raw without a
/// schema), payloads of 0..maxPayload bytes (runs of bytes with random breaks: compressible, not trivial), every 17th
/// message logged 30 ms early (readers must still return log-time order), one metadata record and one attachment.
/// </summary>
internal sealed class McapSample
{
    public const string AttachmentText = "{\"scenario\":\"sample\"}";

    private McapSample(byte[] bytes, List<McapMessage> messages, List<McapChannel> channels, List<McapSchema> schemas, int chunks)
    {
        Bytes = bytes;
        Messages = messages;
        Channels = channels;
        Schemas = schemas;
        ChunkCount = chunks;
    }

    public byte[] Bytes { get; }

    /// <summary>Messages in the order written.</summary>
    public List<McapMessage> Messages { get; }

    public List<McapChannel> Channels { get; }

    public List<McapSchema> Schemas { get; }

    public int ChunkCount { get; }

    public static Dictionary<string, string> DiveMetadata => new()
    {
        ["site"] = "Minamitorishima",
        ["depth_m"] = "5700",
        ["vehicle"] = "ROV-1",
    };

    /// <summary>Messages sorted by log time, ties in write order (the order indexed readers must return).</summary>
    public List<McapMessage> InLogTimeOrder()
    {
        var indexed = Messages.Select((m, i) => (m, i)).ToList();
        indexed.Sort((a, b) => a.m.LogTime != b.m.LogTime ? a.m.LogTime.CompareTo(b.m.LogTime) : a.i.CompareTo(b.i));
        return indexed.Select(x => x.m).ToList();
    }

    public static McapSample Write(McapWriterOptions options, int messageCount = 300, int seed = 1, int maxPayload = 1500)
    {
        var random = new Random(seed);
        using var stream = new MemoryStream();
        var messages = new List<McapMessage>();
        int chunks;
        var schemas = new List<McapSchema>();
        var channels = new List<McapChannel>();
        using (var writer = new McapWriter(stream, options, leaveOpen: true))
        {
            ushort echo = writer.RegisterSchema("rovdsp.EchosounderPing", "jsonschema", Encoding.UTF8.GetBytes("{\"type\":\"object\"}"));
            ushort flow = writer.RegisterSchema("rovdsp.SlurryFlow", "jsonschema",
                Encoding.UTF8.GetBytes("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"number\"}}}"));
            schemas.Add(new McapSchema(echo, "rovdsp.EchosounderPing", "jsonschema", Encoding.UTF8.GetBytes("{\"type\":\"object\"}")));
            schemas.Add(new McapSchema(flow, "rovdsp.SlurryFlow", "jsonschema",
                Encoding.UTF8.GetBytes("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"number\"}}}")));
            var defs = new (ushort Schema, string Topic, string Encoding, Dictionary<string, string> Meta)[]
            {
                (echo, "/rov/echosounder", "json", new() { ["sensor"] = "altimeter", ["frequency_hz"] = "200000" }),
                (flow, "/riser/flow", "json", new()),
                (0, "/raw/bytes", "application/octet-stream", new() { ["note"] = "ünïcode ✓" }),
            };
            foreach (var d in defs)
            {
                ushort id = writer.RegisterChannel(d.Schema, d.Topic, d.Encoding, d.Meta);
                channels.Add(new McapChannel(id, d.Schema, d.Topic, d.Encoding, d.Meta));
            }
            writer.WriteMetadata("dive", DiveMetadata);
            ulong t = 1_700_000_000_000_000_000UL;
            for (int i = 0; i < messageCount; i++)
            {
                McapChannel channel = channels[random.Next(channels.Count)];
                byte[] data = new byte[random.Next(maxPayload + 1)];
                byte v = (byte)random.Next(256);
                for (int k = 0; k < data.Length; k++)
                {
                    if (random.Next(7) == 0)
                    {
                        v = (byte)random.Next(256);
                    }
                    data[k] = v;
                }
                t += (ulong)random.Next(50_000_000);
                ulong logTime = i % 17 == 5 ? t - 30_000_000 : t;
                ulong publishTime = logTime - (ulong)random.Next(1000);
                writer.WriteMessage(channel.Id, (uint)i, logTime, publishTime, data);
                messages.Add(new McapMessage(channel.Id, (uint)i, logTime, publishTime, data));
            }
            writer.WriteAttachment("scenario.json", "application/json", t, 1, Encoding.UTF8.GetBytes(AttachmentText));
            writer.Close();
            chunks = writer.ChunkCount;
        }
        return new McapSample(stream.ToArray(), messages, channels, schemas, chunks);
    }
}
