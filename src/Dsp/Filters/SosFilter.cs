namespace RovDsp.Dsp.Filters;

/// <summary>
/// Streaming cascade of second-order sections (biquads), each in Direct Form II transposed: the same result as
/// <c>scipy.signal.sosfilt(sos, x)</c> with zero initial state.
/// </summary>
/// <remarks>
/// <para>Per section, with coefficients divided by a0 (scipy's sosfilt requires a0 = 1; here any non-zero a0 is
/// normalised): <c>y = b0·x + z1; z1 = (b1·x + z2) − a1·y; z2 = b2·x − a2·y</c>, evaluated with fused multiply-adds
/// (scipy adds z2 last and rounds every product; the difference is double round-off only).</para>
/// <para>Coefficients, state and the values passed between sections are double even though the stream is
/// float32. Why: high-order or narrow-band designs have poles close to the unit circle, where float32 state
/// turns coefficient and round-off errors into noise, offsets and limit cycles (the noise gain grows
/// like 1/(1−|p|)); scipy computes sosfilt in float64 for float64 coefficients, so double state is also what
/// makes this match scipy to the float32 rounding of the output. The recursion is serial per sample, so
/// double costs little over float here.</para>
/// <para>Sections are run four (then two, then one) at a time, sample by sample inside a chunk, so the
/// out-of-order core overlaps their dependency chains. The arithmetic per sample never depends on chunk or block
/// boundaries, so the output is bit-identical however the input is split.</para>
/// </remarks>
public sealed class SosFilter : IStreamProcessor
{
    private const int ChunkLength = 256;

    // Per section: b0 b1 b2 a1 a2 (normalised by a0).
    private readonly double[] _coefficients;
    // Per section: z1 z2.
    private readonly double[] _state;
    private readonly double[] _work = new double[ChunkLength];
    private readonly int _sections;

    /// <summary>Creates the cascade from scipy-layout sections.</summary>
    /// <param name="sos">Flat rows of six, <c>b0 b1 b2 a0 a1 a2</c> per section (scipy's <c>sos</c> array,
    /// row-major); at least one section, every a0 finite and non-zero.</param>
    public SosFilter(ReadOnlySpan<double> sos)
    {
        _coefficients = Normalise(sos, nameof(sos));
        _sections = sos.Length / 6;
        _state = new double[2 * _sections];
    }

    /// <summary>Number of second-order sections.</summary>
    public int SectionCount => _sections;

    /// <inheritdoc/>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output must be at least as long as the input.", nameof(output));
        }
        var offset = 0;
        while (offset < input.Length)
        {
            var count = Math.Min(ChunkLength, input.Length - offset);
            var work = _work.AsSpan(0, count);
            var x = input.Slice(offset, count);
            for (var i = 0; i < count; i++)
            {
                work[i] = x[i];
            }
            var s = 0;
            for (; s + 3 < _sections; s += 4)
            {
                RunQuad(s, work);
            }
            if (s + 1 < _sections)
            {
                RunPair(s, work);
                s += 2;
            }
            if (s < _sections)
            {
                RunSingle(s, work);
            }
            var y = output.Slice(offset, count);
            for (var i = 0; i < count; i++)
            {
                y[i] = (float)work[i];
            }
            offset += count;
        }
    }

    /// <inheritdoc/>
    public void Reset() => Array.Clear(_state);

    /// <summary>Validates scipy-layout sections and returns b0 b1 b2 a1 a2 per section, divided by a0.</summary>
    internal static double[] Normalise(ReadOnlySpan<double> sos, string parameterName)
    {
        if (sos.IsEmpty || sos.Length % 6 != 0)
        {
            throw new ArgumentException("sos must hold one or more sections of six coefficients (b0 b1 b2 a0 a1 a2).",
                parameterName);
        }
        var sections = sos.Length / 6;
        var c = new double[5 * sections];
        for (var s = 0; s < sections; s++)
        {
            var row = sos.Slice(6 * s, 6);
            var a0 = row[3];
            if (a0 == 0 || !double.IsFinite(a0))
            {
                throw new ArgumentException($"Section {s} has a0 = {a0}; it must be finite and non-zero.", parameterName);
            }
            foreach (var v in row)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Section {s} has a non-finite coefficient.", parameterName);
                }
            }
            c[5 * s] = row[0] / a0;
            c[5 * s + 1] = row[1] / a0;
            c[5 * s + 2] = row[2] / a0;
            c[5 * s + 3] = row[4] / a0;
            c[5 * s + 4] = row[5] / a0;
        }
        return c;
    }

    // Every section computes, per sample: y = b0·x + z1; z1 = (b1·x + z2) − a1·y; z2 = b2·x − a2·y, with fused
    // multiply-adds: five operations instead of nine, and two fused operations on the recursive path z1 → y → z1.
    private void RunSingle(int s, Span<double> work)
    {
        var c = _coefficients.AsSpan(5 * s, 5);
        double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[3], a2 = c[4];
        double z1 = _state[2 * s], z2 = _state[2 * s + 1];
        for (var i = 0; i < work.Length; i++)
        {
            var x = work[i];
            var y = Math.FusedMultiplyAdd(b0, x, z1);
            z1 = Math.FusedMultiplyAdd(-a1, y, Math.FusedMultiplyAdd(b1, x, z2));
            z2 = Math.FusedMultiplyAdd(b2, x, -(a2 * y));
            work[i] = y;
        }
        _state[2 * s] = z1;
        _state[2 * s + 1] = z2;
    }

    private void RunPair(int s, Span<double> work)
    {
        var c = _coefficients.AsSpan(5 * s, 10);
        double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[3], a2 = c[4];
        double d0 = c[5], d1 = c[6], d2 = c[7], e1 = c[8], e2 = c[9];
        double z1 = _state[2 * s], z2 = _state[2 * s + 1];
        double w1 = _state[2 * s + 2], w2 = _state[2 * s + 3];
        for (var i = 0; i < work.Length; i++)
        {
            var x = work[i];
            var y = Math.FusedMultiplyAdd(b0, x, z1);
            z1 = Math.FusedMultiplyAdd(-a1, y, Math.FusedMultiplyAdd(b1, x, z2));
            z2 = Math.FusedMultiplyAdd(b2, x, -(a2 * y));
            var v = Math.FusedMultiplyAdd(d0, y, w1);
            w1 = Math.FusedMultiplyAdd(-e1, v, Math.FusedMultiplyAdd(d1, y, w2));
            w2 = Math.FusedMultiplyAdd(d2, y, -(e2 * v));
            work[i] = v;
        }
        _state[2 * s] = z1;
        _state[2 * s + 1] = z2;
        _state[2 * s + 2] = w1;
        _state[2 * s + 3] = w2;
    }

    /// <summary>Four sections sample by sample: four recursions in flight for the out-of-order core.</summary>
    private void RunQuad(int s, Span<double> work)
    {
        var c = _coefficients.AsSpan(5 * s, 20);
        double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[3], a2 = c[4];
        double d0 = c[5], d1 = c[6], d2 = c[7], e1 = c[8], e2 = c[9];
        double f0 = c[10], f1 = c[11], f2 = c[12], g1 = c[13], g2 = c[14];
        double h0 = c[15], h1 = c[16], h2 = c[17], k1 = c[18], k2 = c[19];
        var st = _state.AsSpan(2 * s, 8);
        double z1 = st[0], z2 = st[1], w1 = st[2], w2 = st[3], u1 = st[4], u2 = st[5], q1 = st[6], q2 = st[7];
        for (var i = 0; i < work.Length; i++)
        {
            var x = work[i];
            var y = Math.FusedMultiplyAdd(b0, x, z1);
            z1 = Math.FusedMultiplyAdd(-a1, y, Math.FusedMultiplyAdd(b1, x, z2));
            z2 = Math.FusedMultiplyAdd(b2, x, -(a2 * y));
            var v = Math.FusedMultiplyAdd(d0, y, w1);
            w1 = Math.FusedMultiplyAdd(-e1, v, Math.FusedMultiplyAdd(d1, y, w2));
            w2 = Math.FusedMultiplyAdd(d2, y, -(e2 * v));
            var t = Math.FusedMultiplyAdd(f0, v, u1);
            u1 = Math.FusedMultiplyAdd(-g1, t, Math.FusedMultiplyAdd(f1, v, u2));
            u2 = Math.FusedMultiplyAdd(f2, v, -(g2 * t));
            var r = Math.FusedMultiplyAdd(h0, t, q1);
            q1 = Math.FusedMultiplyAdd(-k1, r, Math.FusedMultiplyAdd(h1, t, q2));
            q2 = Math.FusedMultiplyAdd(h2, t, -(k2 * r));
            work[i] = r;
        }
        st[0] = z1;
        st[1] = z2;
        st[2] = w1;
        st[3] = w2;
        st[4] = u1;
        st[5] = u2;
        st[6] = q1;
        st[7] = q2;
    }
}
