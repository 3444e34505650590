namespace RovDsp.Processing.Compression;

/// <summary>
/// Length-limited Huffman code lengths and canonical deflate codes (RFC 1951 section 3.2.2), with working arrays
/// owned by the builder so that building a code allocates nothing.
/// </summary>
/// <remarks>
/// Lengths come from the in-place minimum-redundancy algorithm of Moffat and Katajainen (1995) over the used symbols
/// sorted by frequency; if the deepest code is longer than deflate allows (15 bits, 7 for the code-length code),
/// the lengths are clamped and the Kraft sum restored by splitting shorter codes (the method of miniz and fpng):
/// not optimal, but within a fraction of a percent and only for skewed frequencies. Ties are broken by symbol, so
/// the same frequencies always give the same code.
/// </remarks>
internal sealed class HuffmanCodeBuilder
{
    private const int MaxSupportedLength = 15;

    private readonly ulong[] _sorted;
    private readonly long[] _work;
    private readonly int[] _lengthCounts;
    private readonly ushort[] _nextCode = new ushort[MaxSupportedLength + 2];

    /// <summary>Creates a builder for alphabets of up to <paramref name="maxSymbols"/> symbols.</summary>
    public HuffmanCodeBuilder(int maxSymbols)
    {
        _sorted = new ulong[maxSymbols];
        _work = new long[maxSymbols];
        _lengthCounts = new int[Math.Max(maxSymbols, MaxSupportedLength) + 1];
    }

    /// <summary>
    /// Code lengths for <paramref name="frequencies"/>: 0 for unused symbols, 1 … <paramref name="maxLength"/>
    /// otherwise, forming a complete code. A single used symbol gets a partner of length 1 (symbol 0 or 1), since
    /// strict decoders refuse an incomplete code.
    /// </summary>
    public void BuildLengths(ReadOnlySpan<int> frequencies, int maxLength, Span<byte> lengths)
    {
        if (maxLength is < 1 or > MaxSupportedLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "deflate code lengths are 1 to 15");
        }

        lengths[..frequencies.Length].Clear();
        var n = 0;
        for (var s = 0; s < frequencies.Length; s++)
        {
            if (frequencies[s] > 0)
            {
                // Frequency in the high bits, symbol in the low 16: a sort on the key orders by frequency, ties by symbol.
                _sorted[n++] = ((ulong)(uint)frequencies[s] << 16) | (uint)s;
            }
        }

        if (n <= 1)
        {
            var used = n == 1 ? (int)(_sorted[0] & 0xFFFF) : 0;
            lengths[used] = 1;
            lengths[used == 0 ? 1 : 0] = 1;
            return;
        }

        if (n > 1 << maxLength)
        {
            throw new ArgumentException($"{n} symbols do not fit in codes of {maxLength} bits", nameof(frequencies));
        }

        var sorted = _sorted.AsSpan(0, n);
        sorted.Sort();
        var work = _work.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            work[i] = (long)(sorted[i] >> 16);
        }

        MinimumRedundancy(work);

        var counts = _lengthCounts.AsSpan(0, Math.Max(n, maxLength) + 1);
        counts.Clear();
        foreach (var depth in work)
        {
            counts[(int)depth]++;
        }

        LimitLengths(counts, maxLength);

        // The most frequent symbols (end of the sorted order) take the shortest codes.
        var j = n;
        for (var length = 1; length <= maxLength; length++)
        {
            for (var c = counts[length]; c > 0; c--)
            {
                lengths[(int)(sorted[--j] & 0xFFFF)] = (byte)length;
            }
        }
    }

    /// <summary>
    /// Canonical codes for <paramref name="lengths"/> (RFC 1951 3.2.2), bit-reversed: deflate packs bits from the
    /// least significant end but sends Huffman codes most significant bit first.
    /// </summary>
    public void AssignCodes(ReadOnlySpan<byte> lengths, Span<ushort> reversedCodes)
    {
        Span<int> lengthCounts = stackalloc int[MaxSupportedLength + 1];
        foreach (var length in lengths)
        {
            lengthCounts[length]++;
        }

        lengthCounts[0] = 0;
        var code = 0;
        for (var bits = 1; bits <= MaxSupportedLength; bits++)
        {
            code = (code + lengthCounts[bits - 1]) << 1;
            _nextCode[bits] = (ushort)code;
        }

        for (var s = 0; s < lengths.Length; s++)
        {
            int length = lengths[s];
            reversedCodes[s] = length == 0 ? (ushort)0 : Reverse(_nextCode[length]++, length);
        }
    }

    private static ushort Reverse(int code, int length)
    {
        var reversed = 0;
        for (var b = 0; b < length; b++)
        {
            reversed = (reversed << 1) | ((code >> b) & 1);
        }

        return (ushort)reversed;
    }

    /// <summary>
    /// Moffat and Katajainen's in-place calculation: <paramref name="a"/> holds frequencies in ascending order on
    /// entry and each symbol's code length (depth) on exit. The first pass builds the tree with parent pointers in
    /// the same array, the second turns them into internal-node depths, the third into leaf depths.
    /// </summary>
    private static void MinimumRedundancy(Span<long> a)
    {
        var n = a.Length;
        a[0] += a[1];
        int root = 0, leaf = 2;
        for (var next = 1; next < n - 1; next++)
        {
            if (leaf >= n || a[root] < a[leaf])
            {
                a[next] = a[root];
                a[root++] = next;
            }
            else
            {
                a[next] = a[leaf++];
            }

            if (leaf >= n || (root < next && a[root] < a[leaf]))
            {
                a[next] += a[root];
                a[root++] = next;
            }
            else
            {
                a[next] += a[leaf++];
            }
        }

        a[n - 2] = 0;
        for (var next = n - 3; next >= 0; next--)
        {
            a[next] = a[(int)a[next]] + 1;
        }

        int available = 1, used = 0, depth = 0;
        root = n - 2;
        var slot = n - 1;
        while (available > 0)
        {
            while (root >= 0 && a[root] == depth)
            {
                used++;
                root--;
            }

            while (available > used)
            {
                a[slot--] = depth;
                available--;
            }

            available = 2 * used;
            depth++;
            used = 0;
        }
    }

    /// <summary>
    /// Clamps the codes deeper than <paramref name="maxLength"/> to it, which over-subscribes the code (Kraft sum
    /// above 1), then repeatedly removes one code of the maximum length and splits a shorter code into two one bit
    /// longer: each step lowers the sum by exactly 2^-maxLength and keeps the number of codes.
    /// </summary>
    private static void LimitLengths(Span<int> counts, int maxLength)
    {
        for (var depth = maxLength + 1; depth < counts.Length; depth++)
        {
            counts[maxLength] += counts[depth];
            counts[depth] = 0;
        }

        long total = 0;
        for (var depth = maxLength; depth > 0; depth--)
        {
            total += (long)counts[depth] << (maxLength - depth);
        }

        while (total != 1L << maxLength)
        {
            counts[maxLength]--;
            for (var depth = maxLength - 1; depth > 0; depth--)
            {
                if (counts[depth] != 0)
                {
                    counts[depth]--;
                    counts[depth + 1] += 2;
                    break;
                }
            }

            total--;
        }
    }
}
