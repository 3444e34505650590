using System.Runtime.Intrinsics;

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
/// however the input is split into blocks (and whatever vector width the machine has).</para>
/// </remarks>
public sealed class FirFilter : IStreamProcessor
{
    /// <summary>Inputs copied into the history per step; the move of the N−1 newest samples is amortised over it.</summary>
    private const int ChunkLength = 2048;

    private readonly float[] _taps;
    private readonly float[] _history;

    /// <summary>Creates the filter from float32 taps (scipy's <c>b</c>, <c>h[0]</c> weights the newest sample).</summary>
    /// <param name="taps">The impulse response; at least one tap.</param>
    public FirFilter(ReadOnlySpan<float> taps)
    {
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", nameof(taps));
        }
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
            Compute(_taps, _history, count, output.Slice(offset, count));
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
    /// <c>output[i] = Σ_k taps[k]·history[N−1+i−k]</c> for i &lt; count, each as the fused chain over k = 0..N−1.
    /// </summary>
    internal static unsafe void Compute(float[] taps, float[] history, int count, Span<float> output)
    {
        var n = taps.Length;
        fixed (float* h = taps)
        fixed (float* hist = history)
        fixed (float* y = output)
        {
            // x points at the newest sample of output 0's window; output i reads x[i-k].
            var x = hist + n - 1;
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                const int W = 16;
                for (; i <= count - 8 * W; i += 8 * W)
                {
                    Block512x8(h, n, x + i, y + i);
                }
                for (; i <= count - W; i += W)
                {
                    var acc = Vector512<float>.Zero;
                    var p = x + i;
                    for (var k = 0; k < n; k++)
                    {
                        acc = Vector512.FusedMultiplyAdd(Vector512.Create(h[k]), Vector512.Load(p - k), acc);
                    }
                    acc.Store(y + i);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                const int W = 8;
                for (; i <= count - 8 * W; i += 8 * W)
                {
                    Block256x8(h, n, x + i, y + i);
                }
                for (; i <= count - W; i += W)
                {
                    var acc = Vector256<float>.Zero;
                    var p = x + i;
                    for (var k = 0; k < n; k++)
                    {
                        acc = Vector256.FusedMultiplyAdd(Vector256.Create(h[k]), Vector256.Load(p - k), acc);
                    }
                    acc.Store(y + i);
                }
            }
            for (; i < count; i++)
            {
                // Same chain as one vector lane: fused multiply-add is correctly rounded in both.
                var acc = 0f;
                var p = x + i;
                for (var k = 0; k < n; k++)
                {
                    acc = MathF.FusedMultiplyAdd(h[k], p[-k], acc);
                }
                y[i] = acc;
            }
        }
    }

    private static unsafe void Block512x8(float* h, int n, float* x, float* y)
    {
        var a0 = Vector512<float>.Zero;
        var a1 = Vector512<float>.Zero;
        var a2 = Vector512<float>.Zero;
        var a3 = Vector512<float>.Zero;
        var a4 = Vector512<float>.Zero;
        var a5 = Vector512<float>.Zero;
        var a6 = Vector512<float>.Zero;
        var a7 = Vector512<float>.Zero;
        for (var k = 0; k < n; k++)
        {
            var c = Vector512.Create(h[k]);
            var p = x - k;
            a0 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p), a0);
            a1 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(c, Vector512.Load(p + 112), a7);
        }
        a0.Store(y);
        a1.Store(y + 16);
        a2.Store(y + 32);
        a3.Store(y + 48);
        a4.Store(y + 64);
        a5.Store(y + 80);
        a6.Store(y + 96);
        a7.Store(y + 112);
    }

    private static unsafe void Block256x8(float* h, int n, float* x, float* y)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        var a4 = Vector256<float>.Zero;
        var a5 = Vector256<float>.Zero;
        var a6 = Vector256<float>.Zero;
        var a7 = Vector256<float>.Zero;
        for (var k = 0; k < n; k++)
        {
            var c = Vector256.Create(h[k]);
            var p = x - k;
            a0 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p), a0);
            a1 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 8), a1);
            a2 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 16), a2);
            a3 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 24), a3);
            a4 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 32), a4);
            a5 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 40), a5);
            a6 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 48), a6);
            a7 = Vector256.FusedMultiplyAdd(c, Vector256.Load(p + 56), a7);
        }
        a0.Store(y);
        a1.Store(y + 8);
        a2.Store(y + 16);
        a3.Store(y + 24);
        a4.Store(y + 32);
        a5.Store(y + 40);
        a6.Store(y + 48);
        a7.Store(y + 56);
    }
}
