namespace RovDsp.Dsp.Fft;

/// <summary>Which butterfly routine a <see cref="FftStage"/> runs; picked once, when the plan is built.</summary>
internal enum FftKernel
{
    /// <summary>Portable scalar loop, any radix and stride.</summary>
    Scalar,

    /// <summary>Vector512 over the contiguous stride index k (stride a multiple of 16), twiddles broadcast.</summary>
    Vector512Strided,

    /// <summary>Vector256 over the contiguous stride index k (stride a multiple of 8), twiddles broadcast.</summary>
    Vector256Strided,

    /// <summary>Vector512 radix-4 first stage (stride 1): vector over q, outputs interleaved by permutes.</summary>
    Radix4Stride1Vector512,

    /// <summary>Vector512 radix-4 second stage (stride 4): vector over (q, k), outputs transposed in 128-bit blocks.</summary>
    Radix4Stride4Vector512,
}

/// <summary>
/// One pass of a self-sorting (Stockham) mixed-radix FFT, decimation in frequency: with sub-transform length
/// n = Radix·M and stride s it maps x[k + s(q + jM)] (j &lt; Radix) to y[k + s(Radix·q + j)] = (DFT_Radix a)_j · w_n^{jq}.
/// See C. Van Loan, "Computational Frameworks for the Fast Fourier Transform" (SIAM 1992), §1.7 (Stockham
/// autosort); the output is in natural order, so no bit reversal is needed.
/// </summary>
internal sealed class FftStage
{
    /// <summary>Builds the stage and its twiddles w_n^{jq}, each computed directly in double from its index.</summary>
    public FftStage(int length, int radix, int stride, int m)
    {
        Radix = radix;
        Stride = stride;
        M = m;
        TwRe = new float[m * (radix - 1)];
        TwIm = new float[m * (radix - 1)];
        // w_n^{jq} with n = radix·m dividing length: the exponent on the length-th root is jq·(length/n).
        var scale = length / (radix * m);
        for (var q = 0; q < m; q++)
        {
            for (var j = 1; j < radix; j++)
            {
                var (re, im) = FftMath.Root(length, (long)j * q * scale);
                TwRe[q * (radix - 1) + j - 1] = (float)re;
                TwIm[q * (radix - 1) + j - 1] = (float)im;
            }
        }
        RootRe = new float[radix];
        RootIm = new float[radix];
        for (var t = 0; t < radix; t++)
        {
            var (re, im) = FftMath.Root(radix, t);
            RootRe[t] = (float)re;
            RootIm[t] = (float)im;
        }
        ExRe = [];
        ExIm = [];
    }

    /// <summary>Butterfly size p.</summary>
    public int Radix { get; }

    /// <summary>Stride s: product of the radices of the earlier stages.</summary>
    public int Stride { get; }

    /// <summary>Number of distinct twiddle rows: n / p.</summary>
    public int M { get; }

    /// <summary>Real parts of w_n^{jq}, laid out [q·(p-1) + j-1].</summary>
    public float[] TwRe { get; }

    /// <summary>Imaginary parts of w_n^{jq}, laid out [q·(p-1) + j-1].</summary>
    public float[] TwIm { get; }

    /// <summary>Real parts of the p-th roots of unity exp(-2πi t/p), for the generic odd-prime butterfly.</summary>
    public float[] RootRe { get; }

    /// <summary>Imaginary parts of the p-th roots of unity.</summary>
    public float[] RootIm { get; }

    /// <summary>Routine chosen for this stage.</summary>
    public FftKernel Kernel { get; set; }

    /// <summary>Twiddles expanded per element for the small-stride vector kernels: [(j-1)·M·s + q·s + k].</summary>
    public float[] ExRe { get; private set; }

    /// <summary>Imaginary parts matching <see cref="ExRe"/>.</summary>
    public float[] ExIm { get; private set; }

    /// <summary>Fills <see cref="ExRe"/>/<see cref="ExIm"/> (only the small-stride vector kernels need them).</summary>
    public void Expand()
    {
        var l = M * Stride;
        ExRe = new float[l * (Radix - 1)];
        ExIm = new float[l * (Radix - 1)];
        for (var j = 1; j < Radix; j++)
        {
            for (var q = 0; q < M; q++)
            {
                for (var k = 0; k < Stride; k++)
                {
                    ExRe[(j - 1) * l + q * Stride + k] = TwRe[q * (Radix - 1) + j - 1];
                    ExIm[(j - 1) * l + q * Stride + k] = TwIm[q * (Radix - 1) + j - 1];
                }
            }
        }
    }
}
