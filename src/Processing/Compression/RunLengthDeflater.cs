using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Simd;

namespace RovDsp.Processing.Compression;

/// <summary>
/// A zlib stream (RFC 1950) holding one deflate block (RFC 1951) made for filtered sonar images, in the spirit of
/// Rich Geldreich's fpng: the only matches are runs (distance 1), everything else is a literal, and the whole input
/// is one dynamic-Huffman block whose codes are built from the input's own symbol counts.
/// </summary>
/// <remarks>
/// <para>
/// Why runs only: after PNG filter Up a sonar image is long runs of zeros (black outside the sector, smooth areas)
/// and speckle that a longer-range match search does not find either; zlib with its run-length strategy makes the
/// same choice but pays for a general-purpose engine (hash chains, lazy evaluation, 16 K-symbol blocks, a stream
/// object per image). Here the input is scanned twice with vector compares: the first pass finds the runs (a run is
/// at least 3 copies of the byte before it) and counts the literal/length symbols, the second writes them with the
/// codes built in between. Where the block would be larger than the data (noise) it is written as stored blocks.
/// </para>
/// <para>
/// One block for the whole image: a display image's statistics do not change enough from top to bottom to pay for
/// a second code table, and deflate puts no limit on a block's length. The distance code is the complete code
/// {0, 1} of length 1 each (only 0, distance 1, is used) so that strict decoders accept it.
/// </para>
/// <para>
/// Reusable and allocation-free once warmed up: the token lists grow only when an input has more runs than any
/// before it.
/// Deterministic: the same input always gives the same bytes. Not thread-safe.
/// </para>
/// </remarks>
internal sealed class RunLengthDeflater
{
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int EndOfBlock = 256;
    private const int FirstLengthSymbol = 257;
    private const int LiteralLengthSymbols = 286;
    private const int CodeLengthSymbols = 19;
    private const int MaxCodeLength = 15;
    private const int MaxCodeLengthCodeLength = 7;
    private const int StoredBlockMax = 65535;

    /// <summary>zlib header: CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (fastest level, FCHECK making it a multiple of 31).</summary>
    private const byte Cmf = 0x78, Flg = 0x01;

    /// <summary>Bytes after the last whole byte of output that a 64-bit flush may touch.</summary>
    private const int FlushSlack = 8;

    /// <summary>Order in which the code-length code's lengths are sent (RFC 1951 3.2.7).</summary>
    private static ReadOnlySpan<byte> CodeLengthOrder => [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    /// <summary>Shortest match length of length symbols 257 … 285 (RFC 1951 3.2.5).</summary>
    private static ReadOnlySpan<ushort> LengthBase =>
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];

    /// <summary>Extra bits of length symbols 257 … 285.</summary>
    private static ReadOnlySpan<byte> LengthExtraBits =>
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

    /// <summary>Length symbol − 257 for each match length 0 … 258 (entries below 3 unused).</summary>
    private static readonly byte[] LengthSymbolOf = BuildLengthSymbols();

    private readonly VectorPath _path;
    private readonly HuffmanCodeBuilder _builder = new(LiteralLengthSymbols);
    private readonly int[] _frequencies = new int[LiteralLengthSymbols];

    /// <summary>Four literal histograms, summed into <see cref="_frequencies"/> after the pass (see <see cref="CountLiterals"/>).</summary>
    private readonly int[] _literalHistograms = new int[4 * 256];
    private readonly byte[] _lengths = new byte[LiteralLengthSymbols];
    private readonly ushort[] _codes = new ushort[LiteralLengthSymbols];

    /// <summary>Per literal byte: its code in the low 32 bits, its length in the high 32.</summary>
    private readonly ulong[] _literalCodes = new ulong[256];

    /// <summary>Per match length 3 … 258: length code, extra bits and distance code as one bit string, low 32 bits; its length, high 32.</summary>
    private readonly ulong[] _matchCodes = new ulong[MaxMatch + 1];

    /// <summary>The lit/len code lengths then the two distance code lengths: one sequence for the code-length code.</summary>
    private readonly byte[] _sequence = new byte[LiteralLengthSymbols + 2];

    private readonly byte[] _codeLengthSymbols = new byte[LiteralLengthSymbols + 2];
    private readonly byte[] _codeLengthExtra = new byte[LiteralLengthSymbols + 2];
    private readonly int[] _codeLengthFrequencies = new int[CodeLengthSymbols];
    private readonly byte[] _codeLengthLengths = new byte[CodeLengthSymbols];
    private readonly ushort[] _codeLengthCodes = new ushort[CodeLengthSymbols];

    private int _literalLengthCount;
    private int _codeLengthCount;
    private int _codeLengthsSent;

    /// <summary>Token list: group g is <c>_literalCounts[g]</c> literals then a run of <c>_runLengths[g]</c> copies (0: none).</summary>
    private int[] _literalCounts = [];
    private int[] _runLengths = [];

    /// <summary>Creates a deflater for this machine's widest vectors.</summary>
    public RunLengthDeflater()
        : this(VectorPaths.Detected)
    {
    }

    /// <summary>Creates a deflater whose run search is held to <paramref name="path"/> at most (tests cover the
    /// narrower machines' paths with it; every path finds the same runs, so writes the same bytes).</summary>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    internal RunLengthDeflater(VectorPath path)
    {
        _path = VectorPaths.Require(path);
    }

    /// <summary>Largest zlib stream <see cref="Compress"/> can write for <paramref name="length"/> input bytes, plus its flush slack.</summary>
    public static int MaxCompressedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return checked(2 + length + 5 * StoredBlocks(length) + 4 + FlushSlack);
    }

    /// <summary>Writes <paramref name="data"/> as a zlib stream into <paramref name="destination"/>; returns its length.</summary>
    /// <param name="data">The bytes to compress.</param>
    /// <param name="destination">At least <see cref="MaxCompressedLength"/> bytes.</param>
    public int Compress(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(data.Length))
        {
            throw new ArgumentException($"{data.Length} bytes need {MaxCompressedLength(data.Length)} bytes of destination", nameof(destination));
        }

        var groups = Tokenise(data);
        var dynamicBits = PlanDynamicBlock();
        var storedBytes = (long)data.Length + 5L * StoredBlocks(data.Length);
        destination[0] = Cmf;
        destination[1] = Flg;
        var end = (dynamicBits + 7) / 8 < storedBytes
            ? WriteDynamicBlock(data, groups, destination, dynamicBits)
            : WriteStoredBlocks(data, destination);
        // System.IO.Hashing's Adler-32 is vectorised: a few microseconds for a fan image.
        BinaryPrimitives.WriteUInt32BigEndian(destination[end..], Adler32.HashToUInt32(data));
        return end + 4;
    }

    private static int StoredBlocks(int length) => Math.Max(1, length / StoredBlockMax + (length % StoredBlockMax != 0 ? 1 : 0));

    private static byte[] BuildLengthSymbols()
    {
        var table = new byte[MaxMatch + 1];
        var symbol = 0;
        for (var length = MinMatch; length <= MaxMatch; length++)
        {
            // 258 has a symbol of its own (285), not 284 with extra bits 31.
            while (symbol + 1 < LengthBase.Length && LengthBase[symbol + 1] <= length)
            {
                symbol++;
            }

            table[length] = (byte)symbol;
        }

        return table;
    }

    /// <summary>
    /// First pass: splits <paramref name="data"/> into groups of literals and a run, and counts the lit/len symbols
    /// the second pass will write. Returns the number of groups.
    /// </summary>
    private int Tokenise(ReadOnlySpan<byte> data)
    {
        var n = data.Length;

        var frequencies = _frequencies;
        Array.Clear(frequencies);
        Array.Clear(_literalHistograms);
        frequencies[EndOfBlock] = 1;
        ref var d = ref MemoryMarshal.GetReference(data);
        var groups = 0;
        var literalStart = 0;
        // Byte 0 has nothing before it to repeat: always a literal.
        var i = Math.Min(1, n);
        while (true)
        {
            var runStart = FindRun(ref d, i, n, _path);
            CountLiterals(ref d, literalStart, runStart, _literalHistograms);
            if (groups == _literalCounts.Length)
            {
                GrowGroups();
            }

            _literalCounts[groups] = runStart - literalStart;
            if (runStart == n)
            {
                _runLengths[groups++] = 0;
                for (var b = 0; b < 256; b++)
                {
                    frequencies[b] += _literalHistograms[b] + _literalHistograms[256 + b] + _literalHistograms[512 + b] + _literalHistograms[768 + b];
                }

                return groups;
            }

            var value = Unsafe.Add(ref d, runStart - 1);
            var runEnd = FindRunEnd(ref d, runStart, n, value, _path);
            var length = runEnd - runStart;
            _runLengths[groups++] = length;
            // Runs longer than 258 are split into 258s; a remainder of 1 or 2 is sent as literals.
            var full = length / MaxMatch;
            var rest = length - full * MaxMatch;
            frequencies[FirstLengthSymbol + LengthSymbolOf[MaxMatch]] += full;
            if (rest >= MinMatch)
            {
                frequencies[FirstLengthSymbol + LengthSymbolOf[rest]]++;
            }
            else
            {
                frequencies[value] += rest;
            }

            literalStart = i = runEnd;
        }
    }

    /// <summary>
    /// Doubles the token lists. They grow with the number of runs, not the input's length (a sonar image has about
    /// a thousand; the bound, a run every 3 bytes, would be 2.7 bytes of list per input byte), so after the first
    /// images of a feed they stop growing.
    /// </summary>
    private void GrowGroups()
    {
        var length = Math.Max(256, _literalCounts.Length * 2);
        Array.Resize(ref _literalCounts, length);
        Array.Resize(ref _runLengths, length);
    }

    /// <summary>
    /// First position p ≥ <paramref name="i"/> (≥ 1) where <c>d[p]</c>, <c>d[p+1]</c> and <c>d[p+2]</c> all equal
    /// <c>d[p−1]</c>, or <paramref name="n"/>. A vector of bytes is compared with the bytes one before them at once
    /// (the widest <paramref name="path"/> allows, then narrower ones over what is left); a run start is three
    /// consecutive equal flags, so a vector of W bytes decides W − 2 positions per step.
    /// </summary>
    private static int FindRun(ref byte d, int i, int n, VectorPath path)
    {
        if (path >= VectorPath.Vector512 && FindRunVectors<Vector512<byte>, Vector512ByteOps>(ref d, ref i, n))
        {
            return i;
        }
        if (path >= VectorPath.Vector256 && FindRunVectors<Vector256<byte>, Vector256ByteOps>(ref d, ref i, n))
        {
            return i;
        }
        if (path >= VectorPath.Vector128 && FindRunVectors<Vector128<byte>, Vector128ByteOps>(ref d, ref i, n))
        {
            return i;
        }

        for (; i + 2 < n; i++)
        {
            var value = Unsafe.Add(ref d, i - 1);
            if (Unsafe.Add(ref d, i) == value && Unsafe.Add(ref d, i + 1) == value && Unsafe.Add(ref d, i + 2) == value)
            {
                return i;
            }
        }

        return n;
    }

    /// <summary><see cref="FindRun"/> while a whole vector fits: true with <paramref name="i"/> at the run start,
    /// or false with <paramref name="i"/> at the first position not yet decided.</summary>
    private static bool FindRunVectors<TVec, TOps>(ref byte d, ref int i, int n)
        where TVec : struct
        where TOps : struct, IByteVectorOps<TVec>
    {
        var w = TOps.Count;
        // Flags of the last two positions need bytes beyond the vector: those positions are decided next step.
        var decided = (1UL << (w - 2)) - 1;
        while (i + w <= n)
        {
            var equal = TOps.ExtractMostSignificantBits(TOps.CompareEqual(TOps.Load(ref d, i), TOps.Load(ref d, i - 1)));
            var starts = equal & (equal >> 1) & (equal >> 2) & decided;
            if (starts != 0)
            {
                i += BitOperations.TrailingZeroCount(starts);
                return true;
            }

            i += w - 2;
        }

        return false;
    }

    /// <summary>First position ≥ <paramref name="i"/> whose byte is not <paramref name="value"/>, or
    /// <paramref name="n"/>: a vector at a time (the widest <paramref name="path"/> allows, then narrower ones),
    /// then byte by byte.</summary>
    private static int FindRunEnd(ref byte d, int i, int n, byte value, VectorPath path)
    {
        if (path >= VectorPath.Vector512 && FindRunEndVectors<Vector512<byte>, Vector512ByteOps>(ref d, ref i, n, value))
        {
            return i;
        }
        if (path >= VectorPath.Vector256 && FindRunEndVectors<Vector256<byte>, Vector256ByteOps>(ref d, ref i, n, value))
        {
            return i;
        }
        if (path >= VectorPath.Vector128 && FindRunEndVectors<Vector128<byte>, Vector128ByteOps>(ref d, ref i, n, value))
        {
            return i;
        }

        while (i < n && Unsafe.Add(ref d, i) == value)
        {
            i++;
        }

        return i;
    }

    /// <summary><see cref="FindRunEnd"/> while a whole vector fits: true with <paramref name="i"/> at the first
    /// other byte, or false with <paramref name="i"/> at the first byte not yet compared.</summary>
    private static bool FindRunEndVectors<TVec, TOps>(ref byte d, ref int i, int n, byte value)
        where TVec : struct
        where TOps : struct, IByteVectorOps<TVec>
    {
        var w = TOps.Count;
        var lanes = w == 64 ? ulong.MaxValue : (1UL << w) - 1;
        var target = TOps.Create(value);
        while (i + w <= n)
        {
            var different = ~TOps.ExtractMostSignificantBits(TOps.CompareEqual(TOps.Load(ref d, i), target)) & lanes;
            if (different != 0)
            {
                i += BitOperations.TrailingZeroCount(different);
                return true;
            }

            i += w;
        }

        return false;
    }

    /// <summary>
    /// Counts literal bytes into four histograms in turn: speckle repeats the same few values, and consecutive
    /// increments of one counter would wait on each other's store.
    /// </summary>
    private static void CountLiterals(ref byte d, int start, int end, int[] histograms)
    {
        ref var counts = ref MemoryMarshal.GetArrayDataReference(histograms);
        var k = start;
        for (; k + 4 <= end; k += 4)
        {
            Unsafe.Add(ref counts, Unsafe.Add(ref d, k))++;
            Unsafe.Add(ref counts, 256 + Unsafe.Add(ref d, k + 1))++;
            Unsafe.Add(ref counts, 512 + Unsafe.Add(ref d, k + 2))++;
            Unsafe.Add(ref counts, 768 + Unsafe.Add(ref d, k + 3))++;
        }

        for (; k < end; k++)
        {
            Unsafe.Add(ref counts, Unsafe.Add(ref d, k))++;
        }
    }

    /// <summary>
    /// Builds the lit/len code and the code-length code from the counts of <see cref="Tokenise"/> and returns the
    /// block's exact size in bits (header, code tables, data, end of block), to choose between it and stored blocks.
    /// </summary>
    private long PlanDynamicBlock()
    {
        _builder.BuildLengths(_frequencies, MaxCodeLength, _lengths);
        _builder.AssignCodes(_lengths, _codes);

        var literalLengthCount = LiteralLengthSymbols;
        while (literalLengthCount > FirstLengthSymbol && _lengths[literalLengthCount - 1] == 0)
        {
            literalLengthCount--;
        }

        _lengths.AsSpan(0, literalLengthCount).CopyTo(_sequence);
        _sequence[literalLengthCount] = 1;
        _sequence[literalLengthCount + 1] = 1;
        var codeLengthCount = EncodeCodeLengths(_sequence.AsSpan(0, literalLengthCount + 2));
        _builder.BuildLengths(_codeLengthFrequencies, MaxCodeLengthCodeLength, _codeLengthLengths);
        _builder.AssignCodes(_codeLengthLengths, _codeLengthCodes);
        _literalLengthCount = literalLengthCount;
        _codeLengthCount = codeLengthCount;

        var order = CodeLengthOrder;
        var sent = CodeLengthSymbols;
        while (sent > 4 && _codeLengthLengths[order[sent - 1]] == 0)
        {
            sent--;
        }

        _codeLengthsSent = sent;
        long bits = 3 + 5 + 5 + 4 + 3 * sent;
        for (var s = 0; s < CodeLengthSymbols; s++)
        {
            bits += (long)_codeLengthFrequencies[s] * _codeLengthLengths[s];
        }

        bits += 2L * _codeLengthFrequencies[16] + 3L * _codeLengthFrequencies[17] + 7L * _codeLengthFrequencies[18];
        for (var s = 0; s < LiteralLengthSymbols; s++)
        {
            bits += (long)_frequencies[s] * _lengths[s];
            if (s >= FirstLengthSymbol)
            {
                // Extra bits, and the 1-bit distance code of every match.
                bits += (long)_frequencies[s] * (LengthExtraBits[s - FirstLengthSymbol] + 1);
            }
        }

        for (var length = MinMatch; length <= MaxMatch; length++)
        {
            var k = LengthSymbolOf[length];
            var symbol = FirstLengthSymbol + k;
            var extra = (uint)(length - LengthBase[k]);
            // Distance symbol 0 has code 0 (one bit), so the match's bit string ends in a zero bit.
            var code = _codes[symbol] | (extra << _lengths[symbol]);
            var count = _lengths[symbol] + LengthExtraBits[k] + 1;
            _matchCodes[length] = code | ((ulong)count << 32);
        }

        for (var b = 0; b < 256; b++)
        {
            _literalCodes[b] = _codes[b] | ((ulong)_lengths[b] << 32);
        }

        return bits;
    }

    /// <summary>
    /// Run-length codes the code-length sequence (RFC 1951 3.2.7): 16 repeats the previous length 3–6 times, 17 and
    /// 18 give 3–10 and 11–138 zeros. Fills the symbol list and its counts; returns the number of symbols.
    /// </summary>
    private int EncodeCodeLengths(ReadOnlySpan<byte> sequence)
    {
        Array.Clear(_codeLengthFrequencies);
        var count = 0;
        var i = 0;
        while (i < sequence.Length)
        {
            var value = sequence[i];
            var run = 1;
            while (i + run < sequence.Length && sequence[i + run] == value)
            {
                run++;
            }

            i += run;
            if (value == 0)
            {
                while (run >= 11)
                {
                    var r = Math.Min(run, 138);
                    Add(ref count, 18, r - 11);
                    run -= r;
                }

                if (run >= 3)
                {
                    Add(ref count, 17, run - 3);
                    run = 0;
                }
            }
            else
            {
                // A repeat needs a previous length: the first of the run is sent as itself.
                Add(ref count, value, 0);
                run--;
                while (run >= 3)
                {
                    var r = Math.Min(run, 6);
                    Add(ref count, 16, r - 3);
                    run -= r;
                }
            }

            for (; run > 0; run--)
            {
                Add(ref count, value, 0);
            }
        }

        return count;
    }

    private void Add(ref int count, int symbol, int extra)
    {
        _codeLengthSymbols[count] = (byte)symbol;
        _codeLengthExtra[count] = (byte)extra;
        _codeLengthFrequencies[symbol]++;
        count++;
    }

    /// <summary>Second pass: the block header, the code tables, the groups of <see cref="Tokenise"/> and end of block.</summary>
    private int WriteDynamicBlock(ReadOnlySpan<byte> data, int groups, Span<byte> destination, long plannedBits)
    {
        var writer = new BitWriter(destination, 2);
        writer.Put(1 | (2 << 1), 3); // BFINAL = 1, BTYPE = 10 (dynamic Huffman codes)
        writer.Put((uint)(_literalLengthCount - FirstLengthSymbol), 5);
        writer.Put(1, 5); // HDIST: two distance codes
        writer.Put((uint)(_codeLengthsSent - 4), 4);
        var order = CodeLengthOrder;
        for (var k = 0; k < _codeLengthsSent; k++)
        {
            writer.Put(_codeLengthLengths[order[k]], 3);
        }

        for (var k = 0; k < _codeLengthCount; k++)
        {
            var symbol = _codeLengthSymbols[k];
            writer.Put(_codeLengthCodes[symbol], _codeLengthLengths[symbol]);
            if (symbol >= 16)
            {
                writer.Put(_codeLengthExtra[k], symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
            }
        }

        WriteTokens(data, groups, ref writer);
        writer.Put(_codes[EndOfBlock], _lengths[EndOfBlock]);
        var end = writer.Finish();
        // The size decided between this block and stored blocks, and the destination's bound, rest on the plan.
        if (end - 2 != (plannedBits + 7) / 8)
        {
            throw new InvalidOperationException($"deflate block of {end - 2} bytes, planned {plannedBits} bits");
        }

        return end;
    }

    /// <summary>
    /// The hot loop: literals three at a time (at most 45 bits on top of at most 7 pending, so one 64-bit flush per
    /// three; the three codes are joined before the shift by the pending count), each run as whole 258-byte matches, one shorter match or 1–2 literals.
    /// </summary>
    private void WriteTokens(ReadOnlySpan<byte> data, int groups, ref BitWriter writer)
    {
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var literals = ref MemoryMarshal.GetArrayDataReference(_literalCodes);
        ref var matches = ref MemoryMarshal.GetArrayDataReference(_matchCodes);
        ref var output = ref MemoryMarshal.GetReference(writer.Destination);
        var limit = writer.Destination.Length - FlushSlack;
        var bits = writer.Bits;
        var count = writer.Count;
        var position = writer.Position;
        var source = 0;
        for (var g = 0; g < groups; g++)
        {
            var end = source + _literalCounts[g];
            for (; source + 3 <= end; source += 3)
            {
                var a = Unsafe.Add(ref literals, Unsafe.Add(ref d, source));
                var b = Unsafe.Add(ref literals, Unsafe.Add(ref d, source + 1));
                var c = Unsafe.Add(ref literals, Unsafe.Add(ref d, source + 2));
                int la = (int)(a >> 32), lb = (int)(b >> 32);
                var joined = (a & 0xFFFF_FFFF) | ((b & 0xFFFF_FFFF) << la) | ((c & 0xFFFF_FFFF) << (la + lb));
                bits |= joined << count;
                count += la + lb + (int)(c >> 32);
                Flush(ref output, limit, ref position, ref bits, ref count);
            }

            for (; source < end; source++)
            {
                var a = Unsafe.Add(ref literals, Unsafe.Add(ref d, source));
                bits |= (a & 0xFFFF_FFFF) << count;
                count += (int)(a >> 32);
                Flush(ref output, limit, ref position, ref bits, ref count);
            }

            var run = _runLengths[g];
            if (run == 0)
            {
                continue;
            }

            var value = Unsafe.Add(ref d, source - 1);
            source += run;
            for (; run >= MaxMatch; run -= MaxMatch)
            {
                var m = Unsafe.Add(ref matches, MaxMatch);
                bits |= (m & 0xFFFF_FFFF) << count;
                count += (int)(m >> 32);
                Flush(ref output, limit, ref position, ref bits, ref count);
            }

            if (run >= MinMatch)
            {
                var m = Unsafe.Add(ref matches, run);
                bits |= (m & 0xFFFF_FFFF) << count;
                count += (int)(m >> 32);
                Flush(ref output, limit, ref position, ref bits, ref count);
            }
            else
            {
                for (; run > 0; run--)
                {
                    var a = Unsafe.Add(ref literals, value);
                    bits |= (a & 0xFFFF_FFFF) << count;
                    count += (int)(a >> 32);
                    Flush(ref output, limit, ref position, ref bits, ref count);
                }
            }
        }

        if (source != data.Length)
        {
            throw new InvalidOperationException($"tokens cover {source} of {data.Length} bytes");
        }

        writer.Bits = bits;
        writer.Count = count;
        writer.Position = position;
    }

    /// <summary>Writes the pending whole bytes as one 64-bit store and keeps the 0–7 bits left over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Flush(ref byte output, int limit, ref int position, ref ulong bits, ref int count)
    {
        if ((uint)position > (uint)limit)
        {
            ThrowOverrun();
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, position), BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits));
        position += count >> 3;
        bits >>= count & ~7;
        count &= 7;
    }

    private static void ThrowOverrun() => throw new InvalidOperationException("deflate output overran its planned size");

    private static int WriteStoredBlocks(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var position = 2;
        do
        {
            var length = Math.Min(data.Length, StoredBlockMax);
            // Byte-aligned already: BFINAL in bit 0, BTYPE = 00, the remaining 5 bits padding.
            destination[position] = length == data.Length ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(position + 1)..], (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(position + 3)..], (ushort)~length);
            data[..length].CopyTo(destination[(position + 5)..]);
            position += 5 + length;
            data = data[length..];
        }
        while (data.Length > 0);

        return position;
    }

    /// <summary>LSB-first bit packing into a byte span for the block header and code tables (the data has its own loop).</summary>
    private ref struct BitWriter
    {
        public readonly Span<byte> Destination;
        public int Position;
        public ulong Bits;
        public int Count;

        public BitWriter(Span<byte> destination, int position)
        {
            Destination = destination;
            Position = position;
        }

        /// <summary>Appends the low <paramref name="length"/> (≤ 32) bits of <paramref name="value"/>.</summary>
        public void Put(uint value, int length)
        {
            Bits |= (ulong)value << Count;
            Count += length;
            if (Count >= 32)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(Destination[Position..], Bits);
                Position += Count >> 3;
                Bits >>= Count & ~7;
                Count &= 7;
            }
        }

        /// <summary>Writes the pending bits, the last byte zero-padded; returns the position after it.</summary>
        public int Finish()
        {
            BinaryPrimitives.WriteUInt64LittleEndian(Destination[Position..], Bits);
            Position += (Count + 7) >> 3;
            Bits = 0;
            Count = 0;
            return Position;
        }
    }
}
