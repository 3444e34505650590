using RovDsp.Dsp.Design;
using RovDsp.Dsp.Windows;

namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming FIR decimator by an integer factor M: the output stream of <c>scipy.signal.upfirdn(h, x, 1, M)</c>,
/// <c>y[k] = Σ_j h[j]·x[k·M − j]</c>, computing only the outputs that are kept (the polyphase saving: M times
/// fewer multiply-adds than filtering then discarding).
/// </summary>
/// <remarks>
/// Output k is written by the call that delivers input k·M, so the first input of the stream produces output 0.
/// Each output is one dot product of the reversed taps with the contiguous newest N inputs, in an order fixed by
/// N alone, so the output is bit-identical however the input is split. This is the up = 1 case of
/// <see cref="RationalResampler"/>, whose engine it uses.
/// </remarks>
public sealed class PolyphaseDecimator
{
    private readonly RationalResampler _engine;

    /// <summary>Decimator with given taps.</summary>
    /// <param name="factor">Decimation factor M ≥ 1.</param>
    /// <param name="taps">Anti-alias FIR taps at the input rate; at least one.</param>
    public PolyphaseDecimator(int factor, ReadOnlySpan<float> taps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        _engine = new RationalResampler(1, factor, taps);
    }

    /// <summary>Decimator with given double taps (rounded to float32).</summary>
    /// <param name="factor">Decimation factor M ≥ 1.</param>
    /// <param name="taps">Anti-alias FIR taps at the input rate; at least one.</param>
    public PolyphaseDecimator(int factor, ReadOnlySpan<double> taps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        _engine = new RationalResampler(1, factor, taps);
    }

    /// <summary>
    /// Decimator with the anti-alias filter of <c>scipy.signal.decimate(x, M, ftype='fir')</c>:
    /// <c>firwin(20·M + 1, 1/M, window='hamming')</c> (for M = 1 the single tap 1).
    /// </summary>
    /// <param name="factor">Decimation factor M ≥ 1.</param>
    public PolyphaseDecimator(int factor)
        : this(factor, DefaultTaps(factor))
    {
    }

    /// <summary>Decimation factor M.</summary>
    public int Factor => _engine.Down;

    /// <summary>Number of taps.</summary>
    public int TapCount => _engine.TapCount;

    /// <summary>scipy.signal.decimate's FIR design for factor M: <c>firwin(20·M + 1, 1/M, window='hamming')</c>.</summary>
    /// <param name="factor">Decimation factor M ≥ 1.</param>
    /// <returns>The taps (the single tap 1 for M = 1, where there is nothing to reject).</returns>
    public static double[] DefaultTaps(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        return factor == 1
            ? [1.0]
            : FirDesign.Firwin(20 * factor + 1, 1.0 / factor, FilterBand.LowPass, 2.0, WindowType.Hamming);
    }

    /// <summary>Number of outputs the next <see cref="Process"/> call will write for an input of this length.</summary>
    /// <param name="inputLength">Samples to be passed, ≥ 0.</param>
    public int GetOutputCount(int inputLength) => _engine.GetOutputCount(inputLength);

    /// <summary>Consumes a block and writes the outputs whose newest input it delivers.</summary>
    /// <param name="input">New input samples.</param>
    /// <param name="output">Room for <see cref="GetOutputCount"/>(input.Length) samples (at most
    /// ⌈input.Length/M⌉); must not overlap the input.</param>
    /// <returns>The number of outputs written.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output) => _engine.Process(input, output);

    /// <summary>Returns the decimator to its state just after construction.</summary>
    public void Reset() => _engine.Reset();
}
