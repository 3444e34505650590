using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using RovDsp.Replay.Mcap;

namespace RovDsp.Benchmarks.Mcap;

/// <summary>
/// MCAP write and read throughput for a dive-like stream: 2,000 messages, a quarter of them 8 KB sonar pings (uint16
/// samples of a decaying echo with noise: partly compressible), the rest 64-byte slurry readings. Time is per message
/// (OperationsPerInvoke): messages/s = 1 / mean; MB/s = <see cref="AverageMessageBytes"/> / mean. The baseline writes
/// the same messages with a bare length-prefixed framing into a stream (the cost of copying the bytes at all).
/// </summary>
[MemoryDiagnoser]
public class McapBenchmarks
{
    private const int Messages = 2000;

    private readonly List<byte[]> _payloads = [];
    private readonly MemoryStream _output = new(32 << 20);
    private byte[] _file = [];

    /// <summary>Chunk compression.</summary>
    [Params(McapCompression.None, McapCompression.Lz4, McapCompression.Zstd)]
    public McapCompression Compression { get; set; }

    /// <summary>Mean payload size in bytes (for MB/s).</summary>
    public static double AverageMessageBytes => ((Messages / 4 * 8192.0) + (Messages * 3 / 4 * 64.0)) / Messages;

    /// <summary>Builds the payloads and one file to read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        for (int i = 0; i < Messages; i++)
        {
            byte[] payload = new byte[i % 4 == 0 ? 8192 : 64];
            for (int k = 0; k + 1 < payload.Length; k += 2)
            {
                double echo = 3000 * Math.Exp(-k / 2000.0) + (k > 5000 && k < 5200 ? 20000 : 0);
                BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(k), (ushort)Math.Clamp(echo + (random.NextDouble() * 64), 0, 65535));
            }
            _payloads.Add(payload);
        }
        _output.SetLength(0);
        WriteFile();
        _file = _output.ToArray();
        Console.WriteLine($"// {Compression}: {_file.Length} bytes for {_payloads.Sum(p => p.Length)} payload bytes");
    }

    /// <summary>Bare length-prefixed framing of the same messages: the floor any writer pays.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long FramingOnly()
    {
        _output.SetLength(0);
        Span<byte> prefix = stackalloc byte[12];
        for (int i = 0; i < _payloads.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)_payloads[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(prefix[4..], (ulong)i);
            _output.Write(prefix);
            _output.Write(_payloads[i]);
        }
        return _output.Length;
    }

    /// <summary>Writes the whole file (1 MiB chunks, indexes, summary) into a reused memory stream.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Write()
    {
        _output.SetLength(0);
        WriteFile();
        return _output.Length;
    }

    /// <summary>Indexed read of every message in log-time order.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long ReadIndexed()
    {
        using var reader = new McapReader(new MemoryStream(_file, writable: false));
        long bytes = 0;
        foreach (McapMessage message in reader.ReadMessages())
        {
            bytes += message.Data.Length;
        }
        return bytes;
    }

    /// <summary>Sequential read of every record.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long ReadStreaming()
    {
        long bytes = 0;
        foreach (McapMessage message in new McapStreamReader(new MemoryStream(_file, writable: false)).ReadMessages())
        {
            bytes += message.Data.Length;
        }
        return bytes;
    }

    private void WriteFile()
    {
        using var writer = new McapWriter(_output, new McapWriterOptions { Compression = Compression }, leaveOpen: true);
        ushort sonar = writer.RegisterChannel(0, "/rov/echosounder", "rovdsp");
        ushort slurry = writer.RegisterChannel(0, "/riser/flow", "rovdsp");
        for (int i = 0; i < _payloads.Count; i++)
        {
            ulong t = 1_700_000_000_000_000_000UL + ((ulong)i * 10_000_000UL);
            writer.WriteMessage(i % 4 == 0 ? sonar : slurry, (uint)i, t, t, _payloads[i]);
        }
    }
}
