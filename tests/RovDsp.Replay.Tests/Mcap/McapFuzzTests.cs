using System.Buffers.Binary;
using System.Diagnostics;
using RovDsp.Replay.Mcap;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Mcap;

/// <summary>
/// Seeded corruption fuzzing: 10,000 variants of real recordings (chunked lz4 and zstd) with bit flips, truncations,
/// byte splices and overwritten length/offset fields, each read through the indexed path, the strict streaming path
/// and the recovering streaming path. Every outcome must be a successful read or <see cref="McapFormatException"/>
/// (recover mode: never an exception), within a bounded time per file.
/// </summary>
public class McapFuzzTests(ITestOutputHelper output)
{
    private const int VariantsPerFile = 5000;
    private static readonly double[] PathMs = new double[3];

    private static readonly ulong[] InterestingValues =
    [
        0, 1, 8, 9, 20, 255, 4096, 65535, 1UL << 20, int.MaxValue, uint.MaxValue, 1UL << 32, 1UL << 40,
        long.MaxValue, ulong.MaxValue, ulong.MaxValue - 8,
    ];

    private enum Mutation
    {
        BitFlips,
        Truncation,
        Splice,
        LengthOverwrite,
        ValueOverwrite,
        Mixed,
    }

    [Fact]
    public void Ten_thousand_corrupted_recordings_read_or_throw_McapFormatException_only()
    {
        var bases = new[]
        {
            McapSample.Write(new McapWriterOptions { Compression = McapCompression.Lz4, ChunkSize = 2048 }, 200, seed: 3, maxPayload: 200),
            McapSample.Write(new McapWriterOptions { Compression = McapCompression.Zstd, ChunkSize = 2048 }, 200, seed: 4, maxPayload: 200),
        };
        var random = new Random(20261123);
        var failures = new List<string>();
        int readOk = 0, formatErrors = 0, recovered = 0, damaged = 0;
        var byKind = new int[Enum.GetValues<Mutation>().Length];
        double slowest = 0;
        var total = Stopwatch.StartNew();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (McapSample sample in bases)
        {
            Assert.True(sample.ChunkCount >= 10, $"base file has {sample.ChunkCount} chunks");
            List<int> recordOffsets = TopLevelRecordOffsets(sample.Bytes);
            for (int v = 0; v < VariantsPerFile; v++)
            {
                var kind = (Mutation)random.Next(byKind.Length);
                byKind[(int)kind]++;
                byte[] bytes = Mutate(sample.Bytes, kind, recordOffsets, random);
                var options = new McapReaderOptions { ValidateCrcs = v % 2 == 0 };
                long started = Stopwatch.GetTimestamp();
                int pi = 0;
                foreach (Func<byte[], McapReaderOptions, int> path in new Func<byte[], McapReaderOptions, int>[] { ReadIndexed, ReadStreaming })
                {
                    long t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        path(bytes, options);
                        readOk++;
                    }
                    catch (McapFormatException)
                    {
                        formatErrors++;
                    }
                    catch (Exception e)
                    {
                        failures.Add($"variant {v} ({kind}, {bytes.Length} bytes, crc {options.ValidateCrcs}) {path.Method.Name}: {e}");
                    }
                    PathMs[pi++] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
                try
                {
                    var recovering = new McapStreamReader(new MemoryStream(bytes), options, recover: true);
                    recovering.ReadRecords().Count();
                    if (recovering.Damage is null && recovering.DroppedChunks.Count == 0)
                    {
                        recovered++;
                    }
                    else
                    {
                        damaged++;
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"variant {v} ({kind}) recover mode threw: {e}");
                }
                slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        total.Stop();
        // CPU time tells what the run costs on an idle machine when the wall clock is inflated by other work.
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        output.WriteLine($"process CPU time {cpu:F2} s; indexed path {PathMs[0] / 1000:F2} s, strict path {PathMs[1] / 1000:F2} s (wall)");
        output.WriteLine($"{2 * VariantsPerFile} variants in {total.Elapsed.TotalSeconds:F2} s (slowest {slowest:F1} ms); "
            + $"mutations {string.Join(", ", Enum.GetValues<Mutation>().Select(k => $"{k} {byKind[(int)k]}"))}; "
            + $"indexed+strict paths: {readOk} read, {formatErrors} McapFormatException; "
            + $"recover mode: {recovered} clean, {damaged} stopped or skipped a chunk");
        Assert.True(failures.Count == 0, $"{failures.Count} unexpected outcomes, first: {string.Join("\n", failures.Take(3))}");
        // Every variant is handled in bounded time (generous for a loaded 2-core machine: typical is well under 1 ms).
        Assert.True(slowest < 2000, $"slowest variant took {slowest} ms");
        // The corruption must actually bite: most variants fail somewhere, and some still read.
        Assert.True(formatErrors > VariantsPerFile && readOk > VariantsPerFile / 10, $"{readOk} read, {formatErrors} errors");
    }

    private static int ReadIndexed(byte[] bytes, McapReaderOptions options)
    {
        using var reader = new McapReader(new MemoryStream(bytes), options);
        McapSummary summary = reader.ReadSummary();
        int count = reader.ReadMessages().Count();
        foreach (McapMetadataIndex index in summary.MetadataIndexes)
        {
            reader.ReadMetadata(index);
        }
        foreach (McapAttachmentIndex index in summary.AttachmentIndexes)
        {
            reader.ReadAttachment(index);
        }
        if (options.ValidateCrcs)
        {
            reader.VerifyDataSectionCrc();
        }
        return count;
    }

    private static int ReadStreaming(byte[] bytes, McapReaderOptions options) =>
        new McapStreamReader(new MemoryStream(bytes), options).ReadRecords().Count();

    private static byte[] Mutate(byte[] clean, Mutation kind, List<int> recordOffsets, Random random)
    {
        byte[] bytes = (byte[])clean.Clone();
        switch (kind)
        {
            case Mutation.BitFlips:
                for (int i = random.Next(1, 9); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case Mutation.Truncation:
                return bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            case Mutation.Splice:
            {
                int length = random.Next(1, 65);
                int from = random.Next(bytes.Length - length);
                int to = random.Next(bytes.Length - length);
                return random.Next(3) switch
                {
                    0 => Overwrite(bytes, clean.AsSpan(from, length), to),
                    1 => [.. bytes.AsSpan(0, to), .. clean.AsSpan(from, length), .. bytes.AsSpan(to)],
                    _ => [.. bytes.AsSpan(0, to), .. bytes.AsSpan(to + length)],
                };
            }
            case Mutation.LengthOverwrite:
            {
                int at = recordOffsets[random.Next(recordOffsets.Count)] + 1;
                ulong value = random.Next(2) == 0
                    ? InterestingValues[random.Next(InterestingValues.Length)]
                    : BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)) + (ulong)(long)random.Next(-16, 17);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
                return bytes;
            }
            case Mutation.ValueOverwrite:
            {
                ulong value = InterestingValues[random.Next(InterestingValues.Length)];
                if (random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(random.Next(bytes.Length - 8)), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(random.Next(bytes.Length - 4)), (uint)value);
                }
                return bytes;
            }
            default:
            {
                byte[] mixed = bytes;
                for (int i = random.Next(2, 4); i > 0; i--)
                {
                    var step = (Mutation)random.Next((int)Mutation.Mixed);
                    if (step == Mutation.Truncation || mixed.Length < 200)
                    {
                        step = Mutation.BitFlips;
                    }
                    mixed = Mutate(mixed, step, recordOffsets.Where(o => o + 9 <= mixed.Length).ToList() is { Count: > 0 } offsets ? offsets : [0], random);
                }
                return mixed;
            }
        }
    }

    private static byte[] Overwrite(byte[] bytes, ReadOnlySpan<byte> source, int at)
    {
        source.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    private static List<int> TopLevelRecordOffsets(byte[] file)
    {
        var offsets = new List<int>();
        int position = 8;
        while (position + 9 <= file.Length - 8)
        {
            offsets.Add(position);
            position += 9 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position + 1));
        }
        return offsets;
    }
}
