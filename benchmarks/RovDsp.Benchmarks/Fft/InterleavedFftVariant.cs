using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RovDsp.Dsp.Fft;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// A/B comparison only: the same radix-4/2 Stockham FFT as <see cref="ComplexFftPlan"/> for powers of two,
/// but on INTERLEAVED complex data (re, im pairs, 8 complex values per Vector512). Complex products use
/// fmaddsub on duplicated twiddles; the stride-1 and stride-4 stages transpose in 2- and 8-float blocks.
/// Requires AVX-512 and N ≥ 32. Not part of the library: the split layout won (see the lead's report).
/// </summary>
public sealed class InterleavedFftVariant
{
    private const int W = 8; // complex values per vector
    private readonly int[] _radix;
    private readonly int[] _stride;
    private readonly int[] _m;
    private readonly float[][] _twRe; // per stage: [q·(p-1) + j-1]
    private readonly float[][] _twIm;
    private readonly float[][] _exRe; // small strides: per element, duplicated into both floats of a pair
    private readonly float[][] _exIm;
    private readonly float[] _buf;

    /// <summary>Builds the plan for a power-of-two length ≥ 32.</summary>
    public InterleavedFftVariant(int length)
    {
        if (length < 32 || (length & (length - 1)) != 0 || !Avx512F.IsSupported)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "Power of two ≥ 32 on an AVX-512 machine only.");
        }
        Length = length;
        var radices = new List<int>();
        var e = System.Numerics.BitOperations.Log2((uint)length);
        for (var i = 0; i < e / 2; i++)
        {
            radices.Add(4);
        }
        if (e % 2 == 1)
        {
            radices.Add(2);
        }
        var n = radices.Count;
        _radix = radices.ToArray();
        _stride = new int[n];
        _m = new int[n];
        _twRe = new float[n][];
        _twIm = new float[n][];
        _exRe = new float[n][];
        _exIm = new float[n][];
        var s = 1;
        var rest = length;
        for (var i = 0; i < n; i++)
        {
            var p = _radix[i];
            rest /= p;
            _stride[i] = s;
            _m[i] = rest;
            _twRe[i] = new float[rest * (p - 1)];
            _twIm[i] = new float[rest * (p - 1)];
            var scale = length / (p * rest);
            for (var q = 0; q < rest; q++)
            {
                for (var j = 1; j < p; j++)
                {
                    var ang = -2.0 * Math.PI * ((long)j * q * scale % length) / length;
                    _twRe[i][q * (p - 1) + j - 1] = (float)Math.Cos(ang);
                    _twIm[i][q * (p - 1) + j - 1] = (float)Math.Sin(ang);
                }
            }
            var l = rest * s;
            _exRe[i] = new float[2 * l * (p - 1)];
            _exIm[i] = new float[2 * l * (p - 1)];
            for (var j = 1; j < p; j++)
            {
                for (var idx = 0; idx < l; idx++)
                {
                    var q = idx / s;
                    var at = 2 * ((j - 1) * l + idx);
                    _exRe[i][at] = _exRe[i][at + 1] = _twRe[i][q * (p - 1) + j - 1];
                    _exIm[i][at] = _exIm[i][at + 1] = _twIm[i][q * (p - 1) + j - 1];
                }
            }
            s *= p;
        }
        _buf = new float[2 * length];
    }

    /// <summary>Transform length N (complex values).</summary>
    public int Length { get; }

    /// <summary>Unscaled forward DFT from interleaved input to interleaved output (2N floats each).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        var n = _radix.Length;
        ReadOnlySpan<float> x = input;
        for (var i = 0; i < n; i++)
        {
            var y = (n - 1 - i) % 2 == 0 ? output : _buf;
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            if (_radix[i] == 2)
            {
                Radix2(i, ref rx, ref ry);
            }
            else if (_stride[i] % W == 0)
            {
                Radix4Strided(i, ref rx, ref ry);
            }
            else
            {
                Radix4Small(i, ref rx, ref ry);
            }
            x = y;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Ld(ref float r, int complexIndex) => Vector512.LoadUnsafe(ref r, (nuint)(2 * complexIndex));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St(Vector512<float> v, ref float r, int complexIndex) => v.StoreUnsafe(ref r, (nuint)(2 * complexIndex));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Swap(Vector512<float> v) => Avx512F.Shuffle(v, v, 0xB1);

    /// <summary>(a + ib)(c + id) on pairs with c, d duplicated across each pair: fmaddsub(v, c, swap(v)·d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mul(Vector512<float> v, Vector512<float> c, Vector512<float> d) =>
        Avx512F.FusedMultiplyAddSubtract(v, c, Swap(v) * d);

    private void Radix2(int st, ref float x, ref float y)
    {
        int s = _stride[st], m = _m[st];
        for (var q = 0; q < m; q++)
        {
            var c = Vector512.Create(_twRe[st][q]);
            var d = Vector512.Create(_twIm[st][q]);
            for (var k = 0; k < s; k += W)
            {
                var a = Ld(ref x, s * q + k);
                var b = Ld(ref x, s * (q + m) + k);
                St(a + b, ref y, 2 * s * q + k);
                St(Mul(a - b, c, d), ref y, 2 * s * q + s + k);
            }
        }
    }

    private void Radix4Strided(int st, ref float x, ref float y)
    {
        int s = _stride[st], m = _m[st];
        var sm = s * m;
        var sign = Vector512.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
        var tr = _twRe[st];
        var ti = _twIm[st];
        for (var q = 0; q < m; q++)
        {
            Vector512<float> c1 = Vector512.Create(tr[3 * q]), d1 = Vector512.Create(ti[3 * q]);
            Vector512<float> c2 = Vector512.Create(tr[3 * q + 1]), d2 = Vector512.Create(ti[3 * q + 1]);
            Vector512<float> c3 = Vector512.Create(tr[3 * q + 2]), d3 = Vector512.Create(ti[3 * q + 2]);
            for (var k = 0; k < s; k += W)
            {
                var i = s * q + k;
                var a0 = Ld(ref x, i);
                var a1 = Ld(ref x, i + sm);
                var a2 = Ld(ref x, i + 2 * sm);
                var a3 = Ld(ref x, i + 3 * sm);
                var t0 = a0 + a2;
                var t1 = a0 - a2;
                var t2 = a1 + a3;
                var t3 = Swap(a1 - a3) * sign; // -i·(a1 - a3)
                var o = 4 * s * q + k;
                St(t0 + t2, ref y, o);
                St(Mul(t1 + t3, c1, d1), ref y, o + s);
                St(Mul(t0 - t2, c2, d2), ref y, o + 2 * s);
                St(Mul(t1 - t3, c3, d3), ref y, o + 3 * s);
            }
        }
    }

    private void Radix4Small(int st, ref float x, ref float y)
    {
        int s = _stride[st], m = _m[st];
        var l = s * m;
        var sign = Vector512.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
        ref var er = ref MemoryMarshal.GetArrayDataReference(_exRe[st]);
        ref var ei = ref MemoryMarshal.GetArrayDataReference(_exIm[st]);
        Vector512<int> lo, hi;
        if (s == 1)
        {
            lo = Vector512.Create(0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
            hi = Vector512.Create(8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
        }
        else
        {
            lo = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
            hi = Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
        }
        for (var i = 0; i < l; i += W)
        {
            var a0 = Ld(ref x, i);
            var a1 = Ld(ref x, i + l);
            var a2 = Ld(ref x, i + 2 * l);
            var a3 = Ld(ref x, i + 3 * l);
            var t0 = a0 + a2;
            var t1 = a0 - a2;
            var t2 = a1 + a3;
            var t3 = Swap(a1 - a3) * sign;
            var b0 = t0 + t2;
            var b1 = Mul(t1 + t3, Ld(ref er, i), Ld(ref ei, i));
            var b2 = Mul(t0 - t2, Ld(ref er, i + l), Ld(ref ei, i + l));
            var b3 = Mul(t1 - t3, Ld(ref er, i + 2 * l), Ld(ref ei, i + 2 * l));
            var c0 = Avx512F.PermuteVar16x32x2(b0, lo, b2);
            var c1 = Avx512F.PermuteVar16x32x2(b0, hi, b2);
            var d0 = Avx512F.PermuteVar16x32x2(b1, lo, b3);
            var d1 = Avx512F.PermuteVar16x32x2(b1, hi, b3);
            var o = 4 * i;
            St(Avx512F.PermuteVar16x32x2(c0, lo, d0), ref y, o);
            St(Avx512F.PermuteVar16x32x2(c0, hi, d0), ref y, o + W);
            St(Avx512F.PermuteVar16x32x2(c1, lo, d1), ref y, o + 2 * W);
            St(Avx512F.PermuteVar16x32x2(c1, hi, d1), ref y, o + 3 * W);
        }
    }
}
