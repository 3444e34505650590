using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Bridge.Imaging;

/// <summary>
/// Adler-32 (RFC 1950 section 8.2), the zlib stream's trailer checksum: <c>s1 = 1 + sum of bytes</c>,
/// <c>s2 = sum of the successive s1</c>, both modulo 65521, <c>s2 &lt;&lt; 16 | s1</c>. System.IO.Hashing has no
/// Adler-32, and the plain byte-at-a-time loop would cost about as much as the whole run-length deflate, so the
/// AVX2 path sums 32 bytes per step (the scheme of Chromium's zlib): s1 grows by the byte sum (SAD against zero)
/// and s2 by 32 × the s1 before the step plus the bytes weighted 32, 31, …, 1 (multiply-add).
/// </summary>
internal static class Adler32
{
    private const uint Base = 65521;

    /// <summary>Most bytes before the sums must be reduced: the largest n with 255 n (n + 1) / 2 + (n + 1)(Base − 1) &lt; 2^32 (zlib's NMAX).</summary>
    private const int NMax = 5552;

    private const int Block = 32;

    /// <summary>Adler-32 of <paramref name="data"/> (starting value 1).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) =>
        Avx2.IsSupported ? ComputeAvx2(data) : ComputeScalar(data, 1, 0);

    /// <summary>The portable loop, NMAX bytes between reductions; also the tail of the vector path.</summary>
    internal static uint ComputeScalar(ReadOnlySpan<byte> data, uint s1, uint s2)
    {
        while (data.Length > 0)
        {
            var n = Math.Min(data.Length, NMax);
            var chunk = data[..n];
            var i = 0;
            for (; i + 4 <= chunk.Length; i += 4)
            {
                s1 += chunk[i];
                s2 += s1;
                s1 += chunk[i + 1];
                s2 += s1;
                s1 += chunk[i + 2];
                s2 += s1;
                s1 += chunk[i + 3];
                s2 += s1;
            }

            for (; i < chunk.Length; i++)
            {
                s1 += chunk[i];
                s2 += s1;
            }

            s1 %= Base;
            s2 %= Base;
            data = data[n..];
        }

        return (s2 << 16) | s1;
    }

    private static uint ComputeAvx2(ReadOnlySpan<byte> data)
    {
        uint s1 = 1, s2 = 0;
        ref var start = ref MemoryMarshal.GetReference(data);
        var blocks = data.Length / Block;
        nuint offset = 0;
        // Weights 32 … 1 for the bytes of a step: byte k is added to s2 (32 − k) times within the step.
        var taps = Vector256.Create(
            (sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
            16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        var ones = Vector256.Create((short)1);
        while (blocks > 0)
        {
            // NMax / Block steps keep every 32-bit lane, and the total, below 2^32 (zlib's NMAX bound).
            var n = Math.Min(blocks, NMax / Block);
            blocks -= n;
            // s1 at the start of the chunk is added to s2 once per byte: 32 n times, applied with the shift below.
            var previous = Vector256.CreateScalar(s1 * (uint)n).AsInt32();
            var sum1 = Vector256<int>.Zero;
            var sum2 = Vector256.CreateScalar(s2).AsInt32();
            for (var k = 0; k < n; k++)
            {
                var bytes = Vector256.LoadUnsafe(ref start, offset);
                offset += Block;
                previous += sum1;
                sum1 += Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsInt32();
                sum2 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(bytes, taps), ones);
            }

            sum2 += Avx2.ShiftLeftLogical(previous, 5);
            s1 += (uint)Vector256.Sum(sum1);
            s2 = (uint)Vector256.Sum(sum2);
            s1 %= Base;
            s2 %= Base;
        }

        return ComputeScalar(data[(int)offset..], s1, s2);
    }
}
