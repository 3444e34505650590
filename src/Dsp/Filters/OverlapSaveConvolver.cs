using System.Numerics.Tensors;
using RovDsp.Dsp.Fft;

namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming convolution with a long FIR kernel (hundreds to thousands of taps) by FFT overlap-save, with the
/// same output as <c>scipy.signal.lfilter(h, [1], x)</c>: no added latency, one output per input.
/// </summary>
/// <remarks>
/// <para>The kernel is split at P = <see cref="BlockLength"/>: the head h[0..P) runs as a direct
/// <see cref="FirFilter"/>; the tail g[j] = h[P + j] (L − P taps) only needs inputs at least P samples old, so
/// it is computed a block ahead by overlap-save (e.g. Oppenheim &amp; Schafer, Discrete-Time Signal Processing,
/// §8.7.3). When input block m (samples mP..mP+P−1) is complete, the last N inputs are transformed with a
/// fixed real FFT of size N = <see cref="FftLength"/> (the smallest power of two ≥ L − 1),
/// multiplied by the tail's spectrum, and the last P samples of the inverse (the alias-free part, since
/// N − P ≥ L − P − 1) are the tail's contribution to outputs (m+1)P..(m+2)P−1. Output n is
/// <c>head(n) + tail(n)</c>, added in that order.</para>
/// <para>Block boundaries are fixed by the absolute sample index, not by the caller's blocks, so the output is
/// bit-identical however the input is split. Costs per sample: P multiply-adds plus two size-N real FFTs per P
/// samples.</para>
/// </remarks>
public sealed class OverlapSaveConvolver : IStreamProcessor
{
    private readonly FirFilter _head;
    private readonly RealFftPlan? _fft;
    private readonly float[] _kernelRe = [];
    private readonly float[] _kernelIm = [];
    private readonly float[] _specRe = [];
    private readonly float[] _specIm = [];
    private readonly float[] _frame = [];   // the last N inputs; positions N−P+pos.. receive the current block
    private readonly float[] _result = [];
    private readonly float[] _tail;         // tail contributions to the current block's outputs
    private int _position;                  // samples of the current block received

    /// <summary>Creates the convolver.</summary>
    /// <param name="taps">The kernel h (h[0] weights the newest sample); at least one tap.</param>
    /// <param name="blockLength">The head length and FFT hop P, 1..taps.Length; 0 chooses
    /// min(L, max(64, N/4)) with N the power of two ≥ L − 1, a balance of direct and FFT work.</param>
    public OverlapSaveConvolver(ReadOnlySpan<float> taps, int blockLength = 0)
    {
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
            blockLength = Math.Min(length, Math.Max(64, NextPowerOfTwo(Math.Max(1, length - 1)) / 4));
        }
        BlockLength = blockLength;
        TapCount = length;
        _head = new FirFilter(taps[..blockLength]);
        _tail = new float[blockLength];
        if (blockLength == length)
        {
            // The whole kernel fits the head: nothing is left for the FFT.
            return;
        }

        var n = NextPowerOfTwo(Math.Max(length - 1, 2));
        FftLength = n;
        _fft = new RealFftPlan(n);
        var bins = _fft.SpectrumLength;
        _kernelRe = new float[bins];
        _kernelIm = new float[bins];
        _specRe = new float[bins];
        _specIm = new float[bins];
        _frame = new float[n];
        _result = new float[n];
        var g = new float[n];
        taps[blockLength..].CopyTo(g);
        _fft.Forward(g, _kernelRe, _kernelIm);
    }

    /// <summary>Creates the convolver from double taps (rounded to float32).</summary>
    /// <param name="taps">The kernel; at least one tap.</param>
    /// <param name="blockLength">Head length and hop P (see the float overload); 0 for the default.</param>
    public OverlapSaveConvolver(ReadOnlySpan<double> taps, int blockLength = 0)
        : this(ToSingle(taps), blockLength)
    {
    }

    /// <summary>Number of kernel taps L.</summary>
    public int TapCount { get; }

    /// <summary>Head length and FFT hop P.</summary>
    public int BlockLength { get; }

    /// <summary>Fixed internal FFT size N (0 when the whole kernel is in the direct head).</summary>
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
                // Before the head writes y: in-place use overwrites the input.
                x.CopyTo(_frame.AsSpan(_frame.Length - p + _position));
            }
            _head.Process(x, y);
            TensorPrimitives.Add(y, _tail.AsSpan(_position, count), y);
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
        _position = 0;
    }

    private void AdvanceTail()
    {
        var fft = _fft!;
        var n = _frame.Length;
        var p = BlockLength;
        fft.Forward(_frame, _specRe, _specIm);
        // Complex product X·G in split layout.
        for (var k = 0; k < _specRe.Length; k++)
        {
            float xr = _specRe[k], xi = _specIm[k], gr = _kernelRe[k], gi = _kernelIm[k];
            _specRe[k] = xr * gr - xi * gi;
            _specIm[k] = xr * gi + xi * gr;
        }
        fft.Inverse(_specRe, _specIm, _result);
        _result.AsSpan(n - p, p).CopyTo(_tail);
        _frame.AsSpan(p, n - p).CopyTo(_frame);
    }

    private static int NextPowerOfTwo(int v)
    {
        var n = 1;
        while (n < v)
        {
            n <<= 1;
        }
        return n;
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
