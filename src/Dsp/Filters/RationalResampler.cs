using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using RovDsp.Dsp.Design;
using RovDsp.Dsp.Simd;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming polyphase rational resampler by up/down: the output stream of
/// <c>scipy.signal.upfirdn(h, x, up, down)</c> (upsample by zero insertion, FIR filter, keep every down-th
/// sample), computed without the zeros or the discarded samples. <see cref="Resample"/> is the offline
/// <c>scipy.signal.resample_poly(x, up, down)</c>.
/// </summary>
/// <remarks>
/// <para>upfirdn output k is <c>y[k] = Σ_j h[j]·xu[k·down − j]</c> with <c>xu[m] = x[m/up]</c> when up divides m
/// and 0 otherwise. Writing <c>t = k·down = up·i + p</c>, only taps <c>j = p + up·r</c> meet non-zero samples, so
/// <c>y[k] = Σ_r h[p + up·r]·x[i − r]</c>: a dot product of polyphase branch p (length ⌈N/up⌉, zero-padded)
/// with the contiguous newest inputs ending at x[i]. Output k is produced by the call that delivers input
/// i = ⌊k·down/up⌋; a stream cannot look ahead, so it emits exactly the prefix of upfirdn's output whose inputs
/// have arrived (append zeros to flush the tail upfirdn adds after the last input).</para>
/// <para>Each output is one dot product of fixed length and fixed summation order (independent of where it falls
/// in a block), so the output is bit-identical however the input is split.</para>
/// </remarks>
public sealed class RationalResampler
{
    private const int ChunkLength = 2048;

    private readonly float[] _branches;   // up rows of branchLength, each reversed (oldest-sample weight first)
    private readonly float[] _history;    // [branchLength−1 past inputs | chunk]
    private readonly int _branchLength;
    // Upsampled index of the next output relative to up·(first sample of the current chunk); always ≥ 0.
    private long _t;

    /// <summary>
    /// Resampler with the taps <c>resample_poly</c> designs: up and down are first divided by their gcd, then
    /// <c>h = firwin(2·10·max(up, down) + 1, 1/max(up, down), window=('kaiser', 5.0))·up</c>.
    /// </summary>
    /// <param name="up">Upsampling factor, ≥ 1.</param>
    /// <param name="down">Downsampling factor, ≥ 1.</param>
    public RationalResampler(int up, int down)
        : this(Reduce(up, down).Up, Reduce(up, down).Down, DefaultTaps(Reduce(up, down).Up, Reduce(up, down).Down))
    {
    }

    /// <summary>Resampler with given taps, exactly <c>upfirdn(taps, x, up, down)</c> (factors not reduced).</summary>
    /// <param name="up">Upsampling factor, ≥ 1.</param>
    /// <param name="down">Downsampling factor, ≥ 1.</param>
    /// <param name="taps">FIR taps at the upsampled rate; at least one.</param>
    public RationalResampler(int up, int down, ReadOnlySpan<double> taps)
        : this(up, down, ToSingle(taps, nameof(taps)))
    {
    }

    /// <summary>Resampler with given float32 taps, exactly <c>upfirdn(taps, x, up, down)</c>.</summary>
    /// <param name="up">Upsampling factor, ≥ 1.</param>
    /// <param name="down">Downsampling factor, ≥ 1.</param>
    /// <param name="taps">FIR taps at the upsampled rate; at least one.</param>
    public RationalResampler(int up, int down, ReadOnlySpan<float> taps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(up, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(down, 1);
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", nameof(taps));
        }
        Up = up;
        Down = down;
        TapCount = taps.Length;
        _branchLength = (taps.Length + up - 1) / up;
        _branches = new float[up * _branchLength];
        for (var p = 0; p < up; p++)
        {
            for (var r = 0; r < _branchLength; r++)
            {
                var j = p + up * r;
                _branches[p * _branchLength + _branchLength - 1 - r] = j < taps.Length ? taps[j] : 0f;
            }
        }
        _history = new float[_branchLength - 1 + ChunkLength];
    }

    /// <summary>Upsampling factor in use.</summary>
    public int Up { get; }

    /// <summary>Downsampling factor in use.</summary>
    public int Down { get; }

    /// <summary>Number of taps at the upsampled rate.</summary>
    public int TapCount { get; }

    /// <summary>Number of outputs the next <see cref="Process"/> call will write for an input of this length.</summary>
    /// <param name="inputLength">Samples to be passed, ≥ 0.</param>
    public int GetOutputCount(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        var span = (long)Up * inputLength - _t;
        return span <= 0 ? 0 : (int)((span + Down - 1) / Down);
    }

    /// <summary>Consumes a block of input and writes the outputs it completes.</summary>
    /// <param name="input">New input samples.</param>
    /// <param name="output">Room for at least <see cref="GetOutputCount"/>(input.Length) samples; must not overlap
    /// the input.</param>
    /// <returns>The number of outputs written.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        var total = GetOutputCount(input.Length);
        if (output.Length < total)
        {
            throw new ArgumentException($"The output needs room for {total} samples.", nameof(output));
        }
        var keep = _branchLength - 1;
        var written = 0;
        var offset = 0;
        while (offset < input.Length)
        {
            var count = Math.Min(ChunkLength, input.Length - offset);
            input.Slice(offset, count).CopyTo(_history.AsSpan(keep));
            var limit = (long)Up * count;
            while (_t < limit)
            {
                var i = (int)(_t / Up);
                var p = (int)(_t - (long)i * Up);
                output[written++] = Dot(_branches.AsSpan(p * _branchLength, _branchLength), _history.AsSpan(i, _branchLength));
                _t += Down;
            }
            _t -= limit;
            _history.AsSpan(count, keep).CopyTo(_history);
            offset += count;
        }
        return written;
    }

    /// <summary>Returns the resampler to its state just after construction.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _t = 0;
    }

    /// <summary>Length of <c>resample_poly(x, up, down)</c> for <paramref name="inputLength"/> samples:
    /// ⌈n·up'/down'⌉ with up', down' divided by their gcd.</summary>
    /// <param name="inputLength">Input samples, ≥ 0.</param>
    /// <param name="up">Upsampling factor, ≥ 1.</param>
    /// <param name="down">Downsampling factor, ≥ 1.</param>
    public static int ResampleLength(int inputLength, int up, int down)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        var (u, d) = Reduce(up, down);
        return (int)(((long)inputLength * u + d - 1) / d);
    }

    /// <summary>
    /// Offline <c>scipy.signal.resample_poly(x, up, down)</c> with its defaults (window ('kaiser', 5.0),
    /// padtype 'constant'): output length <see cref="ResampleLength"/>, delay compensated. Allocates its resampler.
    /// </summary>
    /// <remarks>
    /// scipy reduces up/down by their gcd (returning a copy when both become 1), designs h as the default
    /// constructor, prepends <c>n_pre_pad = down − half_len mod down</c> zeros to h (half_len = 10·max(up, down)),
    /// runs upfirdn and keeps outputs <c>[n_pre_remove, n_pre_remove + n_out)</c> with
    /// <c>n_pre_remove = (half_len + n_pre_pad)/down</c>, <c>n_out = ⌈n·up/down⌉</c>. Here the streaming engine
    /// runs with the pre-padded taps over x followed by as many zeros as needed (upfirdn's implicit zero
    /// extension; scipy's post-padding of h only makes its output long enough for the same samples), and the
    /// first n_pre_remove outputs are dropped.
    /// </remarks>
    /// <param name="input">The whole signal.</param>
    /// <param name="up">Upsampling factor, ≥ 1.</param>
    /// <param name="down">Downsampling factor, ≥ 1.</param>
    /// <param name="output">Room for <see cref="ResampleLength"/> samples.</param>
    /// <returns>The number of samples written, <see cref="ResampleLength"/>(input.Length, up, down).</returns>
    public static int Resample(ReadOnlySpan<float> input, int up, int down, Span<float> output)
    {
        var nOut = ResampleLength(input.Length, up, down);
        if (output.Length < nOut)
        {
            throw new ArgumentException($"The output needs room for {nOut} samples.", nameof(output));
        }
        var (u, d) = Reduce(up, down);
        if (u == 1 && d == 1)
        {
            input.CopyTo(output);
            return nOut;
        }
        var h = DefaultTaps(u, d);
        var halfLength = (h.Length - 1) / 2;
        var prePad = d - halfLength % d;
        var preRemove = (halfLength + prePad) / d;
        var padded = new float[prePad + h.Length];
        for (var i = 0; i < h.Length; i++)
        {
            padded[prePad + i] = (float)h[i];
        }
        var engine = new RationalResampler(u, d, padded);
        var needed = preRemove + nOut;
        var buffer = new float[needed + u + 1];
        var got = engine.Process(input, buffer);
        // One zero at a time: each call then writes at most ⌈up/down⌉ ≤ up samples, so the buffer cannot overflow.
        ReadOnlySpan<float> zeros = [0f];
        while (got < needed)
        {
            got += engine.Process(zeros, buffer.AsSpan(got));
        }
        buffer.AsSpan(preRemove, nOut).CopyTo(output);
        return nOut;
    }

    /// <summary>
    /// resample_poly's default design for already reduced factors:
    /// <c>firwin(2·10·max + 1, 1/max, window=('kaiser', 5.0))·up</c>, max = max(up, down).
    /// </summary>
    /// <param name="up">Reduced upsampling factor, ≥ 1.</param>
    /// <param name="down">Reduced downsampling factor, ≥ 1.</param>
    /// <returns>The taps; the single tap 1 when up = down = 1.</returns>
    public static double[] DefaultTaps(int up, int down)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(up, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(down, 1);
        var maxRate = Math.Max(up, down);
        var halfLength = 10 * maxRate;
        if (maxRate == 1)
        {
            // scipy never designs for 1/1 (resample_poly returns a copy; firwin cannot take cutoff 1): the identity.
            return [1.0];
        }
        var h = FirDesign.Firwin(2 * halfLength + 1, 1.0 / maxRate, FilterBand.LowPass, 2.0, WindowType.Kaiser, 5.0);
        for (var i = 0; i < h.Length; i++)
        {
            h[i] *= up;
        }
        return h;
    }

    private static (int Up, int Down) Reduce(int up, int down)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(up, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(down, 1);
        int a = up, b = down;
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return (up / a, down / a);
    }

    private static float[] ToSingle(ReadOnlySpan<double> taps, string name)
    {
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", name);
        }
        var result = new float[taps.Length];
        for (var i = 0; i < taps.Length; i++)
        {
            result[i] = (float)taps[i];
        }
        return result;
    }

    /// <summary>
    /// Dot product with a summation order fixed by the length alone (not by addresses): four vector
    /// accumulators over 4W-wide steps, one more vector step at a time, lane sums, then a scalar tail.
    /// </summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            sum = DotVectors<Vector512<float>, Vector512Ops>(ref ra, ref rb, n, out i);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            sum = DotVectors<Vector256<float>, Vector256Ops>(ref ra, ref rb, n, out i);
        }
        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), sum);
        }
        return sum;
    }

    /// <summary>The whole-vector part of <see cref="Dot"/>; <paramref name="next"/> is the first index left.</summary>
    private static float DotVectors<TVec, TOps>(ref float a, ref float b, int n, out int next)
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
    {
        var w = TOps.Count;
        var s0 = TOps.Create(0f);
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        var i = 0;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            s0 = TOps.Fma(TOps.Load(ref a, i), TOps.Load(ref b, i), s0);
            s1 = TOps.Fma(TOps.Load(ref a, i + w), TOps.Load(ref b, i + w), s1);
            s2 = TOps.Fma(TOps.Load(ref a, i + 2 * w), TOps.Load(ref b, i + 2 * w), s2);
            s3 = TOps.Fma(TOps.Load(ref a, i + 3 * w), TOps.Load(ref b, i + 3 * w), s3);
        }
        for (; i <= n - w; i += w)
        {
            s0 = TOps.Fma(TOps.Load(ref a, i), TOps.Load(ref b, i), s0);
        }
        next = i;
        return TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
    }
}
