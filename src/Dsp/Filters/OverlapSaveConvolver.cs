using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RovDsp.Dsp.Fft;
using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming convolution with a long FIR kernel (hundreds to thousands of taps) by FFT overlap-save, with the
/// same output as <c>scipy.signal.lfilter(h, [1], x)</c>: no added latency, one output per input.
/// </summary>
/// <remarks>
/// <para>The kernel is cut into partitions of P = <see cref="BlockLength"/> taps. The first, h[0..P), runs as a
/// direct <see cref="FirFilter"/>. The others, h[qP..qP+P) for q = 1..K, only need inputs at least P samples old,
/// so their contribution to a block of P outputs is computed as soon as the previous input block is complete:
/// uniformly partitioned overlap-save with a frequency-domain delay line (W. G. Gardner, "Efficient convolution
/// without input-output delay", JAES 43(3), 1995; F. Wefers, "Partitioned convolution algorithms for real-time
/// auralization", 2015, ch. 5). Each completed input block m is transformed once, with the block before it, by a
/// fixed real FFT of size N = 2P (<see cref="FftLength"/>); the spectrum for output block b is
/// <c>Σ_{q=1..K} X_{b−q}·H_q</c> (q ascending), and the last P samples of its inverse (the alias-free half of
/// each circular convolution) are added to the direct outputs: <c>y[n] = head(n) + tail(n)</c>.</para>
/// <para>Blocks are fixed by the absolute sample index, not by the caller's blocks, and every sum has a fixed
/// order, so the output is bit-identical however the input is split. Cost per sample: P multiply-adds, about
/// K complex multiply-adds, and two size-2P real FFTs per P samples.</para>
/// </remarks>
public sealed class OverlapSaveConvolver : IStreamProcessor
{
    private readonly VectorPath _path;
    private readonly FirFilter _head;
    private readonly RealFftPlan? _fft;
    private readonly int _partitions;     // K
    private readonly int _bins;           // P + 1
    private readonly float[] _kernelRe = []; // K rows of bins: H_q for q = 1..K
    private readonly float[] _kernelIm = [];
    private readonly float[] _delayRe = [];  // K rows of bins: spectra of the last K input frames (ring)
    private readonly float[] _delayIm = [];
    private readonly float[] _sumRe = [];
    private readonly float[] _sumIm = [];
    private readonly float[] _frame = [];    // [previous input block | current input block], 2P samples
    private readonly float[] _result = [];
    private readonly float[] _tail;          // tail contributions to the current block's outputs
    private int _position;                   // samples of the current block received
    private int _newest;                     // ring slot of the newest frame spectrum

    /// <summary>Creates the convolver.</summary>
    /// <param name="taps">The kernel h (h[0] weights the newest sample); at least one tap.</param>
    /// <param name="blockLength">The partition length and FFT hop P, 1..taps.Length; 0 chooses a power of two
    /// near 4·√L between 64 and 1024 (at most L), which balances direct and FFT work.</param>
    public OverlapSaveConvolver(ReadOnlySpan<float> taps, int blockLength = 0)
        : this(taps, blockLength, VectorPaths.Detected)
    {
    }

    /// <summary>Creates the convolver with its spectrum multiply-accumulate held to <paramref name="path"/> at most
    /// (tests cover the narrower machines' paths with it; every path gives the same output).</summary>
    /// <param name="taps">The kernel h; at least one tap.</param>
    /// <param name="blockLength">Partition length and hop P (see the public overload); 0 for the default.</param>
    /// <param name="path">Widest vector path to use; one this machine runs (<see cref="VectorPaths.IsSupported"/>).</param>
    internal OverlapSaveConvolver(ReadOnlySpan<float> taps, int blockLength, VectorPath path)
    {
        _path = VectorPaths.Require(path);
        if (taps.IsEmpty)
        {
            throw new ArgumentException("At least one tap is required.", nameof(taps));
        }
        var length = taps.Length;
        if (blockLength < 0 || blockLength > length)
        {
            throw new ArgumentOutOfRangeException(nameof(blockLength), blockLength,
                $"blockLength must be in 1..{length} (the number of taps), or 0 for the default.");
        }
        if (blockLength == 0)
        {
            blockLength = Math.Min(length, DefaultBlockLength(length));
        }
        BlockLength = blockLength;
        TapCount = length;
        _head = new FirFilter(taps[..blockLength]);
        _tail = new float[blockLength];
        if (blockLength == length)
        {
            // The whole kernel fits the direct part: nothing is left for the FFT.
            return;
        }

        var p = blockLength;
        _partitions = (length - p + p - 1) / p;
        FftLength = 2 * p;
        _fft = new RealFftPlan(2 * p);
        _bins = _fft.SpectrumLength;
        _kernelRe = new float[_partitions * _bins];
        _kernelIm = new float[_partitions * _bins];
        _delayRe = new float[_partitions * _bins];
        _delayIm = new float[_partitions * _bins];
        _sumRe = new float[_bins];
        _sumIm = new float[_bins];
        _frame = new float[2 * p];
        _result = new float[2 * p];
        var g = new float[2 * p];
        for (var q = 1; q <= _partitions; q++)
        {
            Array.Clear(g);
            var start = q * p;
            taps.Slice(start, Math.Min(p, length - start)).CopyTo(g);
            _fft.Forward(g, _kernelRe.AsSpan((q - 1) * _bins, _bins), _kernelIm.AsSpan((q - 1) * _bins, _bins));
        }
    }

    /// <summary>Creates the convolver from double taps (rounded to float32).</summary>
    /// <param name="taps">The kernel; at least one tap.</param>
    /// <param name="blockLength">Partition length and hop P (see the float overload); 0 for the default.</param>
    public OverlapSaveConvolver(ReadOnlySpan<double> taps, int blockLength = 0)
        : this(ToSingle(taps), blockLength)
    {
    }

    /// <summary>Number of kernel taps L.</summary>
    public int TapCount { get; }

    /// <summary>Partition length and FFT hop P (also the length of the direct part).</summary>
    public int BlockLength { get; }

    /// <summary>Fixed internal FFT size 2P (0 when the whole kernel is in the direct part).</summary>
    public int FftLength { get; }

    /// <inheritdoc/>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output must be at least as long as the input.", nameof(output));
        }
        var p = BlockLength;
        var offset = 0;
        while (offset < input.Length)
        {
            var count = Math.Min(p - _position, input.Length - offset);
            var x = input.Slice(offset, count);
            var y = output.Slice(offset, count);
            if (_fft is not null)
            {
                // Before the direct part writes y: in-place use overwrites the input.
                x.CopyTo(_frame.AsSpan(p + _position));
            }
            _head.Process(x, y);
            var tail = _tail.AsSpan(_position, count);
            for (var i = 0; i < count; i++)
            {
                y[i] += tail[i];
            }
            _position += count;
            offset += count;
            if (_position == p)
            {
                _position = 0;
                if (_fft is not null)
                {
                    AdvanceTail();
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _head.Reset();
        Array.Clear(_tail);
        Array.Clear(_frame);
        Array.Clear(_delayRe);
        Array.Clear(_delayIm);
        _position = 0;
        _newest = 0;
    }

    /// <summary>Power of two nearest 4·√L, clamped to 64..1024 (measured best on AVX-512 for L = 1000..4000).</summary>
    private static int DefaultBlockLength(int length)
    {
        var target = 4 * Math.Sqrt(length);
        var p = 64;
        while (p < 1024 && p * 1.5 < target)
        {
            p <<= 1;
        }
        return p;
    }

    private void AdvanceTail()
    {
        var fft = _fft!;
        var p = BlockLength;
        var bins = _bins;
        // The newest frame (previous block, just-completed block) enters the delay line.
        _newest = _newest + 1 == _partitions ? 0 : _newest + 1;
        fft.Forward(_frame, _delayRe.AsSpan(_newest * bins, bins), _delayIm.AsSpan(_newest * bins, bins));
        _frame.AsSpan(p, p).CopyTo(_frame);

        // Next block's tail: Σ_{q=1..K} X_{b−q}·H_q, where X_{b−1} is the newest frame.
        Array.Clear(_sumRe);
        Array.Clear(_sumIm);
        var slot = _newest;
        for (var q = 0; q < _partitions; q++)
        {
            MultiplyAccumulate(_delayRe.AsSpan(slot * bins, bins), _delayIm.AsSpan(slot * bins, bins),
                _kernelRe.AsSpan(q * bins, bins), _kernelIm.AsSpan(q * bins, bins), _sumRe, _sumIm, _path);
            slot = slot == 0 ? _partitions - 1 : slot - 1;
        }
        fft.Inverse(_sumRe, _sumIm, _result);
        _result.AsSpan(p, p).CopyTo(_tail);
    }

    /// <summary>s += x·h for split complex spans (same per-bin arithmetic in vector and scalar code: plain
    /// multiplies and adds, no fusing, so a bin's result does not depend on which path computes it), the widest
    /// vectors <paramref name="path"/> allows first, then the narrower ones, then scalar.</summary>
    internal static void MultiplyAccumulate(ReadOnlySpan<float> xr, ReadOnlySpan<float> xi,
        ReadOnlySpan<float> hr, ReadOnlySpan<float> hi, Span<float> sr, Span<float> si, VectorPath path)
    {
        var n = xr.Length;
        if (xi.Length < n || hr.Length < n || hi.Length < n || sr.Length < n || si.Length < n)
        {
            throw new ArgumentException("All spans must be at least as long as xr.");
        }
        ref var a0 = ref MemoryMarshal.GetReference(xr);
        ref var b0 = ref MemoryMarshal.GetReference(xi);
        ref var c0 = ref MemoryMarshal.GetReference(hr);
        ref var d0 = ref MemoryMarshal.GetReference(hi);
        ref var re0 = ref MemoryMarshal.GetReference(sr);
        ref var im0 = ref MemoryMarshal.GetReference(si);
        var k = 0;
        if (path >= VectorPath.Vector512)
        {
            k = MultiplyAccumulate<Vector512<float>, Vector512Ops>(ref a0, ref b0, ref c0, ref d0, ref re0, ref im0, k, n);
        }
        if (path >= VectorPath.Vector256)
        {
            k = MultiplyAccumulate<Vector256<float>, Vector256Ops>(ref a0, ref b0, ref c0, ref d0, ref re0, ref im0, k, n);
        }
        if (path >= VectorPath.Vector128)
        {
            k = MultiplyAccumulate<Vector128<float>, Vector128Ops>(ref a0, ref b0, ref c0, ref d0, ref re0, ref im0, k, n);
        }
        for (; k < n; k++)
        {
            float a = xr[k], b = xi[k], c = hr[k], d = hi[k];
            sr[k] += (a * c) - (b * d);
            si[k] += (a * d) + (b * c);
        }
    }

    /// <summary>The bins from <paramref name="k"/> on while a whole vector fits, lane-wise as the scalar loop;
    /// returns the first bin left.</summary>
    private static int MultiplyAccumulate<TVec, TOps>(ref float xr, ref float xi, ref float hr, ref float hi,
        ref float sr, ref float si, int k, int n)
        where TVec : struct
        where TOps : struct, IFloatVectorOps<TVec>
    {
        var w = TOps.Count;
        for (; k <= n - w; k += w)
        {
            var a = TOps.Load(ref xr, k);
            var b = TOps.Load(ref xi, k);
            var c = TOps.Load(ref hr, k);
            var d = TOps.Load(ref hi, k);
            TOps.Store(TOps.Add(TOps.Load(ref sr, k), TOps.Sub(TOps.Mul(a, c), TOps.Mul(b, d))), ref sr, k);
            TOps.Store(TOps.Add(TOps.Load(ref si, k), TOps.Add(TOps.Mul(a, d), TOps.Mul(b, c))), ref si, k);
        }
        return k;
    }

    private static float[] ToSingle(ReadOnlySpan<double> taps)
    {
        var result = new float[taps.Length];
        for (var i = 0; i < taps.Length; i++)
        {
            result[i] = (float)taps[i];
        }
        return result;
    }
}
