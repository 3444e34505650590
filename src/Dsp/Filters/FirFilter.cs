using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming FIR filter, <c>y[n] = Σ_k h[k]·x[n−k]</c>: the same result as <c>scipy.signal.lfilter(h, [1], x)</c>
/// with zero initial state, computed in float32.
/// </summary>
/// <remarks>
/// <para>The last N−1 inputs and the current chunk of input sit contiguously in one history buffer (the linear
/// form of liquid-dsp's double-length window: instead of writing every sample twice, the N−1 newest samples are
/// moved to the front once per 2048-sample chunk), so every output reads a contiguous window.</para>
/// <para>Outputs are computed a vector of lanes at a time, one lane per output ("register blocking" across
/// outputs): for each tap k the broadcast h[k] is multiplied into the unaligned load of x[n−k .. n−k+W) and
/// fused-added to the accumulators. Eight such vectors run side by side to hide the FMA latency. Every output,
/// whichever lane, vector group or scalar tail computes it, is the same chain
/// <c>acc = fma(h[k], x[n−k], acc)</c> for k = 0, 1, …, N−1 starting from 0, so the result is bit-identical
/// however the input is split into blocks (and whatever vector width the machine has: the widest with hardware FMA,
/// 512 → 256 → 128 bits, then the scalar tail).</para>
/// </remarks>
public sealed class FirFilter : IStreamProcessor
{
    /// <summary>Inputs copied into the history per step; the move of the N−1 newest samples is amortised over it.</summary>
    private const int ChunkLength = 2048;

    private readonly float[] _taps;
    private readonly float[] _history;
    private readonly VectorPath _path;

    /// <summary>Creates the filter from float32 taps (scipy's <c>b</c>, <c>h[0]</c> weights the newest sample).</summary>
    /// <param name="taps">The impulse response; at least one tap.</param>
    public FirFilter(ReadOnlySpan<float> taps)
        : this(taps, VectorPaths.DetectedFused)
    {
    }

    /// <summary>Creates the filter on at most <paramref name="path"/> (tests cover the narrower paths).</summary>
    /// <exception cref="PlatformNotSupportedException">The machine lacks <paramref name="path"/>.</exception>
    internal FirFilter(ReadOnlySpan<float> taps, VectorPath path)
    {
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", nameof(taps));
        }
        _path = VectorPaths.Require(path);
        _taps = taps.ToArray();
        _history = new float[_taps.Length - 1 + ChunkLength];
    }

    /// <summary>Creates the filter from double-precision taps (for example a design result), rounded to float32.</summary>
    /// <param name="taps">The impulse response; at least one tap.</param>
    public FirFilter(ReadOnlySpan<double> taps)
        : this(ToSingle(taps))
    {
    }

    /// <summary>Number of taps N.</summary>
    public int TapCount => _taps.Length;

    /// <summary>The float32 taps in use, <c>h[0]</c> first.</summary>
    public ReadOnlySpan<float> Taps => _taps;

    /// <inheritdoc/>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output must be at least as long as the input.", nameof(output));
        }
        var keep = _taps.Length - 1;
        var offset = 0;
        while (offset < input.Length)
        {
            var count = Math.Min(ChunkLength, input.Length - offset);
            // Copy before writing: in-place use (input and output the same memory) stays correct.
            input.Slice(offset, count).CopyTo(_history.AsSpan(keep));
            Compute(_taps, _history, count, output.Slice(offset, count), _path);
            // Span.CopyTo has memmove semantics, so the overlapping move is safe.
            _history.AsSpan(count, keep).CopyTo(_history);
            offset += count;
        }
    }

    /// <inheritdoc/>
    public void Reset() => Array.Clear(_history);

    private static float[] ToSingle(ReadOnlySpan<double> taps)
    {
        var result = new float[taps.Length];
        for (var i = 0; i < taps.Length; i++)
        {
            result[i] = (float)taps[i];
        }
        return result;
    }

    /// <summary>
    /// <c>output[i] = Σ_k taps[k]·history[N−1+i−k]</c> for i &lt; count, each as the fused chain over k = 0..N−1,
    /// on the widest vector width <paramref name="path"/> allows, then the narrower ones, then scalar.
    /// </summary>
    internal static void Compute(float[] taps, float[] history, int count, Span<float> output, VectorPath path)
    {
        var n = taps.Length;
        ref var h = ref MemoryMarshal.GetArrayDataReference(taps);
        // x is the newest sample of output 0's window; output i reads x[i-k].
        ref var x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(history), n - 1);
        ref var y = ref MemoryMarshal.GetReference(output);
        var i = 0;
        if (path >= VectorPath.Vector512)
        {
            i = ComputeVectors<Vector512<float>, Vector512Ops>(ref h, n, ref x, i, count, ref y);
        }
        if (path >= VectorPath.Vector256)
        {
            i = ComputeVectors<Vector256<float>, Vector256Ops>(ref h, n, ref x, i, count, ref y);
        }
        if (path >= VectorPath.Vector128)
        {
            i = ComputeVectors<Vector128<float>, Vector128Ops>(ref h, n, ref x, i, count, ref y);
        }
        for (; i < count; i++)
        {
            // Same chain as one vector lane: fused multiply-add is correctly rounded in both.
            var acc = 0f;
            for (var k = 0; k < n; k++)
            {
                acc = MathF.FusedMultiplyAdd(Unsafe.Add(ref h, k), Unsafe.Add(ref x, i - k), acc);
            }
            Unsafe.Add(ref y, i) = acc;
        }
    }

    /// <summary>
    /// The outputs a whole vector of lanes covers: eight vectors side by side while they fit (to hide the FMA
    /// latency), then one at a time, from output <paramref name="i"/> on. Returns the index of the first output left
    /// for a narrower width or the scalar tail.
    /// </summary>
    private static int ComputeVectors<TVec, TOps>(ref float h, int n, ref float x, int i, int count, ref float y)
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
    {
        var w = TOps.Count;
        for (; i <= count - 8 * w; i += 8 * w)
        {
            Block8<TVec, TOps>(ref h, n, ref Unsafe.Add(ref x, i), ref Unsafe.Add(ref y, i));
        }
        for (; i <= count - w; i += w)
        {
            var acc = TOps.Create(0f);
            for (var k = 0; k < n; k++)
            {
                acc = TOps.Fma(TOps.Create(Unsafe.Add(ref h, k)), TOps.Load(ref Unsafe.Subtract(ref x, k), i), acc);
            }
            TOps.Store(acc, ref y, i);
        }
        return i;
    }

    /// <summary>Eight vectors of consecutive outputs, each lane the fused chain over k = 0..N−1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8<TVec, TOps>(ref float h, int n, ref float x, ref float y)
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
    {
        var w = TOps.Count;
        var a0 = TOps.Create(0f);
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var a4 = a0;
        var a5 = a0;
        var a6 = a0;
        var a7 = a0;
        for (var k = 0; k < n; k++)
        {
            var c = TOps.Create(Unsafe.Add(ref h, k));
            ref var p = ref Unsafe.Subtract(ref x, k);
            a0 = TOps.Fma(c, TOps.Load(ref p, 0), a0);
            a1 = TOps.Fma(c, TOps.Load(ref p, w), a1);
            a2 = TOps.Fma(c, TOps.Load(ref p, 2 * w), a2);
            a3 = TOps.Fma(c, TOps.Load(ref p, 3 * w), a3);
            a4 = TOps.Fma(c, TOps.Load(ref p, 4 * w), a4);
            a5 = TOps.Fma(c, TOps.Load(ref p, 5 * w), a5);
            a6 = TOps.Fma(c, TOps.Load(ref p, 6 * w), a6);
            a7 = TOps.Fma(c, TOps.Load(ref p, 7 * w), a7);
        }
        TOps.Store(a0, ref y, 0);
        TOps.Store(a1, ref y, w);
        TOps.Store(a2, ref y, 2 * w);
        TOps.Store(a3, ref y, 3 * w);
        TOps.Store(a4, ref y, 4 * w);
        TOps.Store(a5, ref y, 5 * w);
        TOps.Store(a6, ref y, 6 * w);
        TOps.Store(a7, ref y, 7 * w);
    }
}
