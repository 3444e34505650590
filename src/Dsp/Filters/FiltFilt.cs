namespace RovDsp.Dsp.Filters;

/// <summary>
/// Offline zero-phase filtering: the filter is run forward, then backward over the result, as
/// <c>scipy.signal.filtfilt(b, a, x)</c> (method 'pad', padtype 'odd', default padlen) or
/// <c>scipy.signal.sosfiltfilt(sos, x)</c>. The object is reusable: it allocates its double work buffer once,
/// for signals up to <see cref="MaxLength"/> samples, and <see cref="Apply(ReadOnlySpan{double}, Span{double})"/>
/// allocates nothing.
/// </summary>
/// <remarks>
/// <para>scipy's steps, reproduced in double: extend x by <see cref="PadLength"/> samples at each end with the odd
/// extension (<c>2·x[0] − x[padlen−j]</c>, <c>2·x[−1] − x[−2−j]</c>); filter forward with initial state
/// <c>zi·ext[0]</c>, where zi is the step-response steady state (<c>lfilter_zi</c>, or <c>sosfilt_zi</c> which
/// scales each section's by the DC gain of the sections before it); filter the reversed result with initial state
/// <c>zi·y[−1]</c>; reverse and drop the padding. The default padlen is <c>3·max(len(a), len(b))</c> for b/a and
/// <c>3·(2·sections + 1 − min(#(b2 = 0), #(a2 = 0)))</c> for sections, and the signal must be longer than it.</para>
/// <para>lfilter_zi solves <c>(I − Aᵀ)·zi = b[1:] − a[1:]·b[0]</c>; its solution is the closed form used here,
/// <c>zi[i] = Σ_{k&gt;i} (b[k] − a[k]·H(1))</c> with <c>H(1) = Σb/Σa</c> (the Direct Form II transposed state
/// after a unit step has settled), which needs no matrix and exists exactly when scipy's system is regular
/// (Σa ≠ 0).</para>
/// </remarks>
public sealed class FiltFilt
{
    // b/a form: equal-length, normalised by a[0]. Sections form: b0 b1 b2 a1 a2 per section.
    private readonly double[]? _b;
    private readonly double[]? _a;
    private readonly double[]? _sections;
    private readonly double[] _zi;
    private readonly double[] _state;
    private readonly double[] _ext;

    private FiltFilt(double[]? b, double[]? a, double[]? sections, double[] zi, int padLength, int maxLength)
    {
        _b = b;
        _a = a;
        _sections = sections;
        _zi = zi;
        _state = new double[zi.Length];
        PadLength = padLength;
        MaxLength = maxLength;
        _ext = new double[maxLength + 2 * padLength];
    }

    /// <summary>Samples of odd extension added at each end (scipy's <c>padlen</c>, its default value).</summary>
    public int PadLength { get; }

    /// <summary>The longest signal <see cref="Apply(ReadOnlySpan{double}, Span{double})"/> accepts.</summary>
    public int MaxLength { get; }

    /// <summary>Zero-phase filter from transfer-function coefficients, as <c>scipy.signal.filtfilt(b, a, x)</c>.</summary>
    /// <param name="b">Numerator coefficients (an FIR filter's taps with <paramref name="a"/> = [1]).</param>
    /// <param name="a">Denominator coefficients; a[0] must be non-zero and Σa non-zero.</param>
    /// <param name="maxLength">Longest signal to be filtered; must exceed the pad length.</param>
    public static FiltFilt FromBa(ReadOnlySpan<double> b, ReadOnlySpan<double> a, int maxLength)
    {
        if (b.IsEmpty)
        {
            throw new ArgumentException("b needs at least one coefficient.", nameof(b));
        }
        if (a.IsEmpty || a[0] == 0 || !double.IsFinite(a[0]))
        {
            throw new ArgumentException("a needs at least one coefficient and a finite, non-zero a[0].", nameof(a));
        }
        CheckFinite(b, nameof(b));
        CheckFinite(a, nameof(a));
        var n = Math.Max(a.Length, b.Length);
        var pad = 3 * n;
        CheckMaxLength(maxLength, pad);
        var bn = new double[n];
        var an = new double[n];
        for (var i = 0; i < b.Length; i++)
        {
            bn[i] = b[i] / a[0];
        }
        for (var i = 0; i < a.Length; i++)
        {
            an[i] = a[i] / a[0];
        }
        var zi = new double[n - 1];
        SteadyState(bn, an, zi, nameof(a));
        return new FiltFilt(bn, an, null, zi, pad, maxLength);
    }

    /// <summary>Zero-phase filter from second-order sections, as <c>scipy.signal.sosfiltfilt(sos, x)</c>.</summary>
    /// <param name="sos">Flat rows of <c>b0 b1 b2 a0 a1 a2</c> (scipy layout); each a0 non-zero.</param>
    /// <param name="maxLength">Longest signal to be filtered; must exceed the pad length.</param>
    public static FiltFilt FromSos(ReadOnlySpan<double> sos, int maxLength)
    {
        var sections = SosFilter.Normalise(sos, nameof(sos));
        var count = sos.Length / 6;
        int zeroB2 = 0, zeroA2 = 0;
        for (var s = 0; s < count; s++)
        {
            zeroB2 += sos[6 * s + 2] == 0 ? 1 : 0;
            zeroA2 += sos[6 * s + 5] == 0 ? 1 : 0;
        }
        var pad = 3 * (2 * count + 1 - Math.Min(zeroB2, zeroA2));
        CheckMaxLength(maxLength, pad);

        // sosfilt_zi: each section's lfilter_zi, scaled by the product of the DC gains of the sections before it.
        var zi = new double[2 * count];
        var scale = 1.0;
        Span<double> b = stackalloc double[3];
        Span<double> a = stackalloc double[3];
        for (var s = 0; s < count; s++)
        {
            var c = sections.AsSpan(5 * s, 5);
            b[0] = c[0];
            b[1] = c[1];
            b[2] = c[2];
            a[0] = 1;
            a[1] = c[3];
            a[2] = c[4];
            var z = zi.AsSpan(2 * s, 2);
            SteadyState(b, a, z, nameof(sos));
            z[0] *= scale;
            z[1] *= scale;
            scale *= (b[0] + b[1] + b[2]) / (a[0] + a[1] + a[2]);
        }
        return new FiltFilt(null, null, sections, zi, pad, maxLength);
    }

    /// <summary>Filters <paramref name="input"/> forward and backward (double precision throughout).</summary>
    /// <param name="input">The whole signal: longer than <see cref="PadLength"/>, at most <see cref="MaxLength"/>.</param>
    /// <param name="output">Receives <c>input.Length</c> samples; may be the same memory as the input.</param>
    public void Apply(ReadOnlySpan<double> input, Span<double> output)
    {
        CheckLengths(input.Length, output.Length);
        input.CopyTo(_ext.AsSpan(PadLength));
        Run(input.Length);
        _ext.AsSpan(PadLength, input.Length).CopyTo(output);
    }

    /// <summary>Filters a float32 signal; the work is done in double and rounded once at the end.</summary>
    /// <param name="input">The whole signal: longer than <see cref="PadLength"/>, at most <see cref="MaxLength"/>.</param>
    /// <param name="output">Receives <c>input.Length</c> samples; may be the same memory as the input.</param>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        CheckLengths(input.Length, output.Length);
        var mid = _ext.AsSpan(PadLength, input.Length);
        for (var i = 0; i < mid.Length; i++)
        {
            mid[i] = input[i];
        }
        Run(input.Length);
        for (var i = 0; i < mid.Length; i++)
        {
            output[i] = (float)mid[i];
        }
    }

    private void CheckLengths(int inputLength, int outputLength)
    {
        if (inputLength <= PadLength)
        {
            throw new ArgumentException(
                $"The input must be longer than the pad length {PadLength} (scipy's padlen).", "input");
        }
        if (inputLength > MaxLength)
        {
            throw new ArgumentException($"The input is longer than MaxLength {MaxLength}.", "input");
        }
        if (outputLength < inputLength)
        {
            throw new ArgumentException("The output must be at least as long as the input.", "output");
        }
    }

    private static void CheckMaxLength(int maxLength, int pad)
    {
        if (maxLength <= pad)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength,
                $"maxLength must exceed the pad length {pad}: shorter signals cannot be filtered.");
        }
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Coefficients must be finite.", name);
            }
        }
    }

    /// <summary>lfilter_zi for normalised, equal-length b and a (a[0] = 1), in closed form.</summary>
    private static void SteadyState(ReadOnlySpan<double> b, ReadOnlySpan<double> a, Span<double> zi, string name)
    {
        double sumB = 0, sumA = 0;
        for (var i = 0; i < b.Length; i++)
        {
            sumB += b[i];
            sumA += a[i];
        }
        if (sumA == 0)
        {
            throw new ArgumentException("The filter has a pole at z = 1 (Σa = 0): no step-response steady state.", name);
        }
        var gain = sumB / sumA;
        var acc = 0.0;
        for (var i = zi.Length - 1; i >= 0; i--)
        {
            acc += b[i + 1] - a[i + 1] * gain;
            zi[i] = acc;
        }
    }

    private void Run(int length)
    {
        var pad = PadLength;
        var ext = _ext.AsSpan(0, length + 2 * pad);
        // Odd extension (scipy odd_ext).
        var x0 = ext[pad];
        var xl = ext[pad + length - 1];
        for (var j = 0; j < pad; j++)
        {
            ext[j] = 2 * x0 - ext[2 * pad - j];
            ext[pad + length + j] = 2 * xl - ext[pad + length - 2 - j];
        }
        // Forward pass from state zi·ext[0], then backward from zi·y[-1].
        Filter(ext, ext[0], reverse: false);
        Filter(ext, ext[^1], reverse: true);
    }

    private void Filter(Span<double> data, double start, bool reverse)
    {
        for (var i = 0; i < _zi.Length; i++)
        {
            _state[i] = _zi[i] * start;
        }
        if (_sections is not null)
        {
            for (var s = 0; s < _sections.Length / 5; s++)
            {
                double b0 = _sections[5 * s], b1 = _sections[5 * s + 1], b2 = _sections[5 * s + 2];
                double a1 = _sections[5 * s + 3], a2 = _sections[5 * s + 4];
                double z1 = _state[2 * s], z2 = _state[2 * s + 1];
                for (var k = 0; k < data.Length; k++)
                {
                    var i = reverse ? data.Length - 1 - k : k;
                    var x = data[i];
                    var y = b0 * x + z1;
                    z1 = b1 * x - a1 * y + z2;
                    z2 = b2 * x - a2 * y;
                    data[i] = y;
                }
            }
            return;
        }

        var b = _b!;
        var a = _a!;
        var z = _state;
        var last = z.Length - 1;
        for (var k = 0; k < data.Length; k++)
        {
            var i = reverse ? data.Length - 1 - k : k;
            var x = data[i];
            // Direct Form II transposed, as scipy's lfilter.
            var y = b[0] * x + (last >= 0 ? z[0] : 0);
            for (var j = 0; j < last; j++)
            {
                z[j] = b[j + 1] * x - a[j + 1] * y + z[j + 1];
            }
            if (last >= 0)
            {
                z[last] = b[last + 1] * x - a[last + 1] * y;
            }
            data[i] = y;
        }
    }
}
