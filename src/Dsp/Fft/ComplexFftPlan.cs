using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Fft;

/// <summary>
/// A precomputed single-precision complex FFT of one length, in split layout (separate real and imaginary
/// spans). Any length ≥ 1: lengths whose prime factors are all ≤ 13 use a self-sorting mixed-radix Stockham
/// FFT (radices 8, 4, 2, 3 and 5 vectorized at 128, 256 and 512 bits; 7, 11 and 13 direct); other lengths use Bluestein's chirp-z
/// algorithm on a 2·3·5-smooth convolution length. Semantics and scaling follow numpy.fft.fft / numpy.fft.ifft:
/// X_k = Σ x_n·exp(-2πi kn/N), and the inverse divides by N.
/// </summary>
/// <remarks>
/// All scratch is allocated by the constructor, so the transforms allocate nothing. A plan owns its scratch
/// and is therefore not thread-safe: use one plan per thread.
/// </remarks>
public sealed class ComplexFftPlan
{
    // Largest prime handled by a direct butterfly; beyond this the O(p) work per output makes Bluestein cheaper.
    private const int MaxDirectPrime = 13;

    // Radix-8 passes read 16 streams (8 re + 8 im) N/8 floats apart; from 8192 on those addresses are
    // multiples of 4 KiB apart, collide in the same L1 sets, and radix-4 measured faster (8192: 8.3 vs
    // 10.8 us, 16384: 17 vs 23 us, 65536: ~100 vs ~135 us). Up to 4096 radix-8 saves a pass (4096: 3.4 → 2.7 us).
    private const int Radix8MaxLength = 4096;

    // Last-pass stride from which that pass runs in place (see the constructor).
    private const int InPlaceMinStride = 1024;

    // Length from which the scratch pair is placed at chosen offsets modulo 4 KiB (see AllocateAt).
    private const int OffsetScratchMinLength = 4096;

    private readonly FftStage[] _stages;
    private readonly bool _inPlaceLast;
    private readonly int _pingPong;
    private readonly VectorPath _isa;
    private readonly float[] _bufRe;
    private readonly float[] _bufIm;
    private readonly int _bufReOffset;
    private readonly int _bufImOffset;
    private readonly float[] _buf2Re;
    private readonly float[] _buf2Im;

    // Bluestein (chirp-z) state; see L. Bluestein, "A linear filtering approach to the computation of the
    // discrete Fourier transform", IEEE Trans. Audio Electroacoust. 18 (1970) 451-455.
    private readonly ComplexFftPlan? _conv;
    private readonly float[] _chirpRe = [];
    private readonly float[] _chirpIm = [];
    private readonly float[] _kernelRe = [];
    private readonly float[] _kernelIm = [];

    /// <summary>Builds the plan: factorization, twiddles and scratch.</summary>
    /// <param name="length">Transform length N ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    public ComplexFftPlan(int length)
        : this(length, DetectedPath)
    {
    }

    /// <summary>Builds the plan using at most the given instruction set (tests cover the narrower paths).</summary>
    internal ComplexFftPlan(int length, VectorPath isa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        RequireSupported(isa);
        Length = length;
        _isa = isa;
        var radices = Factor(length, UsesRadix8(isa) && length <= Radix8MaxLength);
        if (radices is null)
        {
            // Bluestein needs a convolution length M ≥ 2N-1 that fits an int; a 2·3·5-smooth one (not the next
            // power of two) does up to half the work.
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 1 << 29);
            _stages = [];
            var m = FftMath.NextSmoothLength(2 * length - 1);
            _conv = new ComplexFftPlan(m, isa);
            _bufRe = new float[m];
            _bufIm = new float[m];
            _buf2Re = [];
            _buf2Im = [];
            _chirpRe = new float[length];
            _chirpIm = new float[length];
            var kr = new double[m];
            var ki = new double[m];
            for (var k = 0; k < length; k++)
            {
                // w_k = exp(-iπ k²/N) = exp(-2πi (k² mod 2N) / 2N): reducing k² exactly keeps the phase accurate.
                var e = (long)k * k % (2L * length);
                var (re, im) = FftMath.Root(2L * length, e);
                _chirpRe[k] = (float)re;
                _chirpIm[k] = (float)im;
                // Convolution kernel b_k = conj(w_k), wrapped around so indices -k land at M-k.
                kr[k] = re;
                ki[k] = -im;
                if (k > 0)
                {
                    kr[m - k] = re;
                    ki[m - k] = -im;
                }
            }
            // FFT of the kernel in double, with the 1/M of the inverse convolution FFT folded in.
            FftMath.ForwardSmooth(kr, ki);
            _kernelRe = new float[m];
            _kernelIm = new float[m];
            for (var i = 0; i < m; i++)
            {
                _kernelRe[i] = (float)(kr[i] / m);
                _kernelIm[i] = (float)(ki[i] / m);
            }
            return;
        }

        _stages = new FftStage[radices.Count];
        var stride = 1;
        var rest = length;
        for (var i = 0; i < radices.Count; i++)
        {
            var p = radices[i];
            rest /= p;
            var st = new FftStage(length, p, stride, rest);
            st.Kernel = ChooseKernel(st, isa);
            if (st.Kernel is FftKernel.Radix4SmallStrideVector512 or FftKernel.Radix4SmallStrideVector256 or FftKernel.Radix4SmallStrideVector128)
            {
                st.Expand();
            }
            _stages[i] = st;
            stride *= p;
        }
        // A last pass with one twiddle row (M = 1) reads and writes the same indices k + j·s; its vector kernels
        // load a whole butterfly before storing it, so it can run in place on the output. From s = 1024 floats
        // (4 KiB) its 2·p input and 2·p output streams all fall into the same L1 sets; in place they are the
        // same p + p lines, half as many, which fit the ways.
        _inPlaceLast = _stages.Length >= 2 && _stages[^1] is { M: 1, Stride: >= InPlaceMinStride } last
            && last.Kernel is FftKernel.Vector512Strided or FftKernel.Vector256Strided or FftKernel.Vector128Strided;
        _pingPong = _inPlaceLast ? _stages.Length - 1 : _stages.Length;
        if (length >= OffsetScratchMinLength)
        {
            (_bufRe, _bufReOffset) = AllocateAt(length, 1024 + 16);
            (_bufIm, _bufImOffset) = AllocateAt(length, 2048 + 16);
        }
        else
        {
            _bufRe = new float[length];
            _bufIm = new float[length];
        }
        var odd = _pingPong % 2 == 1;
        _buf2Re = odd ? new float[length] : [];
        _buf2Im = odd ? new float[length] : [];
    }

    /// <summary>Transform length N.</summary>
    public int Length { get; }

    /// <summary>
    /// A pinned (never moved) array holding <paramref name="length"/> floats from the returned offset, whose
    /// address is <paramref name="byteOffset"/> modulo 4 KiB. Passes with strides of 1024 floats and more read
    /// and write streams 4 KiB apart, which all map to one L1 set per array; caller arrays (large ones start
    /// 16 bytes into a page) and a scratch pair at the same offset would pile 16 streams on one 8-way set.
    /// Scratch real and imaginary parts 1 and 2 KiB further keep each set at 8 or fewer.
    /// </summary>
    private static (float[] Array, int Offset) AllocateAt(int length, int byteOffset)
    {
        const int PageFloats = 1024;
        var a = GC.AllocateArray<float>(length + PageFloats, pinned: true);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(a, System.Runtime.InteropServices.GCHandleType.Pinned);
        var address = (long)handle.AddrOfPinnedObject();
        handle.Free();
        var bytes = ((byteOffset - address) % 4096 + 4096) % 4096;
        return (a, (int)(bytes / sizeof(float)));
    }

    /// <summary>In-place forward transform, unscaled (numpy.fft.fft).</summary>
    /// <param name="re">Real parts; the first <see cref="Length"/> values are transformed.</param>
    /// <param name="im">Imaginary parts; the first <see cref="Length"/> values are transformed.</param>
    /// <exception cref="ArgumentException">A span is shorter than <see cref="Length"/>.</exception>
    public void Forward(Span<float> re, Span<float> im)
    {
        CheckLength(re.Length, nameof(re));
        CheckLength(im.Length, nameof(im));
        Transform(re[..Length], im[..Length], re[..Length], im[..Length]);
    }

    /// <summary>In-place inverse transform, scaled by 1/N (numpy.fft.ifft).</summary>
    /// <param name="re">Real parts; the first <see cref="Length"/> values are transformed.</param>
    /// <param name="im">Imaginary parts; the first <see cref="Length"/> values are transformed.</param>
    /// <exception cref="ArgumentException">A span is shorter than <see cref="Length"/>.</exception>
    public void Inverse(Span<float> re, Span<float> im)
    {
        CheckLength(re.Length, nameof(re));
        CheckLength(im.Length, nameof(im));
        // IDFT(x) = swap(DFT(swap(x)))/N, where swap exchanges real and imaginary parts: in split layout
        // that is a forward transform with the two spans exchanged, at no cost.
        Transform(im[..Length], re[..Length], im[..Length], re[..Length]);
        Scale(re[..Length], im[..Length]);
    }

    /// <summary>Out-of-place forward transform, unscaled (numpy.fft.fft). Input and output may be the same spans.</summary>
    /// <param name="inRe">Input real parts (first <see cref="Length"/> used).</param>
    /// <param name="inIm">Input imaginary parts (first <see cref="Length"/> used).</param>
    /// <param name="outRe">Output real parts (first <see cref="Length"/> written).</param>
    /// <param name="outIm">Output imaginary parts (first <see cref="Length"/> written).</param>
    /// <exception cref="ArgumentException">A span is shorter than <see cref="Length"/>.</exception>
    public void Forward(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm)
    {
        CheckLength(inRe.Length, nameof(inRe));
        CheckLength(inIm.Length, nameof(inIm));
        CheckLength(outRe.Length, nameof(outRe));
        CheckLength(outIm.Length, nameof(outIm));
        Transform(inRe[..Length], inIm[..Length], outRe[..Length], outIm[..Length]);
    }

    /// <summary>Out-of-place inverse transform, scaled by 1/N (numpy.fft.ifft). Input and output may be the same spans.</summary>
    /// <param name="inRe">Input real parts (first <see cref="Length"/> used).</param>
    /// <param name="inIm">Input imaginary parts (first <see cref="Length"/> used).</param>
    /// <param name="outRe">Output real parts (first <see cref="Length"/> written).</param>
    /// <param name="outIm">Output imaginary parts (first <see cref="Length"/> written).</param>
    /// <exception cref="ArgumentException">A span is shorter than <see cref="Length"/>.</exception>
    public void Inverse(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm)
    {
        CheckLength(inRe.Length, nameof(inRe));
        CheckLength(inIm.Length, nameof(inIm));
        CheckLength(outRe.Length, nameof(outRe));
        CheckLength(outIm.Length, nameof(outIm));
        Transform(inIm[..Length], inRe[..Length], outIm[..Length], outRe[..Length]);
        Scale(outRe[..Length], outIm[..Length]);
    }

    /// <summary>Unscaled inverse (Σ X_k·exp(+2πi kn/N), no 1/N), in place; used by convolution code.</summary>
    internal void InverseUnscaled(Span<float> re, Span<float> im) => Transform(im, re, im, re);

    /// <summary>Unscaled forward transform of exactly <see cref="Length"/> values, no argument checks.</summary>
    internal void ForwardUnchecked(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm) =>
        Transform(inRe, inIm, outRe, outIm);

    /// <summary>Unscaled inverse transform of exactly <see cref="Length"/> values, no argument checks.</summary>
    internal void InverseUnscaled(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm) =>
        Transform(inIm, inRe, outIm, outRe);

    private void CheckLength(int actual, string name)
    {
        if (actual < Length)
        {
            throw new ArgumentException($"Span length {actual} is shorter than the plan length {Length}.", name);
        }
    }

    private void Scale(Span<float> re, Span<float> im)
    {
        var f = 1f / Length;
        System.Numerics.Tensors.TensorPrimitives.Multiply(re, f, re);
        System.Numerics.Tensors.TensorPrimitives.Multiply(im, f, im);
    }

    /// <summary>
    /// Forward DFT from (inRe, inIm) to (outRe, outIm), all exactly <see cref="Length"/> long. Any overlap
    /// between input and output (in place, or partial) is safe: only the first pass reads the input, and when
    /// that pass would write over it the input is first copied to scratch.
    /// </summary>
    private void Transform(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm)
    {
        if (_conv is not null)
        {
            Bluestein(inRe, inIm, outRe, outIm);
            return;
        }
        var stages = _stages.Length;
        if (stages == 0)
        {
            // Length 1: the DFT is the identity (both values read first, in case an input aliases an output).
            float r0 = inRe[0], i0 = inIm[0];
            outRe[0] = r0;
            outIm[0] = i0;
            return;
        }
        var aliased = inRe.Overlaps(outRe) || inRe.Overlaps(outIm) || inIm.Overlaps(outRe) || inIm.Overlaps(outIm);
        var pingPong = _pingPong;
        if (aliased && pingPong % 2 == 1)
        {
            // An odd number of ping-pong passes would make the first pass write over its own input.
            inRe.CopyTo(_buf2Re);
            inIm.CopyTo(_buf2Im);
            inRe = _buf2Re;
            inIm = _buf2Im;
        }
        // Pass i writes to the output when (pingPong-1-i) is even, so the last ping-pong pass lands there.
        ReadOnlySpan<float> xr = inRe;
        ReadOnlySpan<float> xi = inIm;
        for (var i = 0; i < pingPong; i++)
        {
            var toOut = (pingPong - 1 - i) % 2 == 0;
            var yr = toOut ? outRe : _bufRe.AsSpan(_bufReOffset, Length);
            var yi = toOut ? outIm : _bufIm.AsSpan(_bufImOffset, Length);
            RunStage(_stages[i], xr, xi, yr, yi);
            xr = yr;
            xi = yi;
        }
        if (_inPlaceLast)
        {
            RunStage(_stages[stages - 1], outRe, outIm, outRe, outIm);
        }
    }

    private static void RunStage(FftStage st, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        switch (st.Kernel)
        {
            case FftKernel.Vector512Strided:
                StridedKernels<Vector512<float>, Vector512Ops>.Strided(st, xr, xi, yr, yi);
                break;
            case FftKernel.Vector256Strided:
                StridedKernels<Vector256<float>, Vector256Ops>.Strided(st, xr, xi, yr, yi);
                break;
            case FftKernel.Vector128Strided:
                StridedKernels<Vector128<float>, Vector128Ops>.Strided(st, xr, xi, yr, yi);
                break;
            case FftKernel.Radix4SmallStrideVector512:
                SmallStrideKernels<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Radix4(st, xr, xi, yr, yi);
                break;
            case FftKernel.Radix4SmallStrideVector256:
                SmallStrideKernels<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Radix4(st, xr, xi, yr, yi);
                break;
            case FftKernel.Radix4SmallStrideVector128:
                SmallStrideKernels<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Radix4(st, xr, xi, yr, yi);
                break;
            default:
                ScalarKernels.Run(st, xr, xi, yr, yi);
                break;
        }
    }

    private void Bluestein(ReadOnlySpan<float> inRe, ReadOnlySpan<float> inIm, Span<float> outRe, Span<float> outIm)
    {
        var n = Length;
        var ar = _bufRe.AsSpan();
        var ai = _bufIm.AsSpan();
        // a_k = x_k·w_k, zero-padded to M.
        ComplexArithmetic.Multiply(inRe, inIm, _chirpRe, _chirpIm, ar, ai, n, _isa);
        ar[n..].Clear();
        ai[n..].Clear();
        _conv!.Transform(ar, ai, ar, ai);
        // Pointwise product with the precomputed kernel spectrum (already divided by M), then the unscaled
        // inverse gives the circular convolution a ⊛ b.
        ComplexArithmetic.Multiply(ar, ai, _kernelRe, _kernelIm, ar, ai, ar.Length, _isa);
        _conv.InverseUnscaled(ar, ai);
        // X_k = w_k·(a ⊛ b)_k.
        ComplexArithmetic.Multiply(ar, ai, _chirpRe, _chirpIm, outRe, outIm, n, _isa);
    }

    /// <summary>
    /// The widest vector path the FFT takes on this machine: <see cref="VectorPaths.DetectedFused"/>, since its
    /// butterflies fuse every twiddle multiply-add.
    /// </summary>
    internal static readonly VectorPath DetectedPath = VectorPaths.DetectedFused;

    /// <summary>
    /// Refuses an instruction set above <see cref="DetectedPath"/>: its kernels would reach intrinsics
    /// this machine (or its DOTNET_Enable* settings) lacks, so a plan for it must not exist.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException"><paramref name="isa"/> is not accelerated here.</exception>
    internal static void RequireSupported(VectorPath isa)
    {
        if (isa > DetectedPath)
        {
            throw new PlatformNotSupportedException(
                $"FFT instruction set {isa} is not accelerated on this machine (widest available: {DetectedPath}).");
        }
    }

    private static FftKernel ChooseKernel(FftStage st, VectorPath isa)
    {
        // Chosen once per stage: the widest vector whose width divides the contiguous run of the stage, or for
        // the first radix-4 stages (stride 1 and 4, shorter than a vector) the transposing kernels.
        var vectorRadix = st.Radix is <= 5 or 8;
        if (isa == VectorPath.Vector512)
        {
            if (vectorRadix && st.Stride % 16 == 0)
            {
                return FftKernel.Vector512Strided;
            }
            if (SmallStrideKernels<Vector512<float>, Vector512Ops, Vector512ShuffleOps>.Fits(st))
            {
                return FftKernel.Radix4SmallStrideVector512;
            }
        }
        if (isa >= VectorPath.Vector256)
        {
            if (vectorRadix && st.Stride % 8 == 0)
            {
                return FftKernel.Vector256Strided;
            }
            if (SmallStrideKernels<Vector256<float>, Vector256Ops, Vector256ShuffleOps>.Fits(st))
            {
                return FftKernel.Radix4SmallStrideVector256;
            }
        }
        if (isa >= VectorPath.Vector128)
        {
            // Stride 4 is a single 128-bit vector per twiddle row: the flat small-stride loop with per-element
            // twiddles beats the strided kernel's per-row broadcasts there.
            if (st.Stride == 4 && SmallStrideKernels<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Fits(st))
            {
                return FftKernel.Radix4SmallStrideVector128;
            }
            if (vectorRadix && st.Stride % 4 == 0)
            {
                return FftKernel.Vector128Strided;
            }
            if (SmallStrideKernels<Vector128<float>, Vector128Ops, Vector128ShuffleOps>.Fits(st))
            {
                return FftKernel.Radix4SmallStrideVector128;
            }
        }
        return FftKernel.Scalar;
    }

    /// <summary>
    /// Radix 8 needs 16 input vectors live at once plus temporaries: it pays with 32 vector registers (AVX-512,
    /// Arm64 AdvSimd) but spills with the 16 of AVX2 and SSE, where a radix-8 pass at N = 1024 measured 527 ns
    /// against ~230 ns per radix-4 pass (2 passes of 8 lose to 3 of 4: 1,537 vs ~1,130 ns).
    /// </summary>
    private static bool UsesRadix8(VectorPath isa) =>
        isa == VectorPath.Vector512 || (isa == VectorPath.Vector128 && AdvSimd.Arm64.IsSupported);

    /// <summary>
    /// Radices in execution order, or null when a prime factor exceeds <see cref="MaxDirectPrime"/> and
    /// Bluestein is used instead. Order: 4s (with vectors and N ≤ <see cref="Radix8MaxLength"/>: 4, 4, then 8s,
    /// then 4s), then a 2, then odd primes (largest first). Putting the powers of two first makes the later
    /// strides multiples of 2^a, so the odd-radix stages run on the strided vector kernels whenever 2^a ≥ 8,
    /// and the stride-1/stride-4 radix-4 kernels cover the first two stages.
    /// </summary>
    private static List<int>? Factor(int n, bool radix8)
    {
        var odd = new List<int>();
        var twos = 0;
        while (n % 2 == 0)
        {
            n /= 2;
            twos++;
        }
        for (var p = 3; n > 1; p += 2)
        {
            if (p > MaxDirectPrime)
            {
                return null;
            }
            while (n % p == 0)
            {
                odd.Add(p);
                n /= p;
            }
        }
        odd.Sort((a, b) => b.CompareTo(a));
        var result = new List<int>();
        if (radix8 && twos >= 7)
        {
            // Any vector width: two radix-4 stages (strides 1 and 4, transposing kernels) bring the stride to 16, after
            // which radix-8 stages (one pass per 3 bits instead of 2) run on the strided kernel; 4 or 2 last.
            // Four bits left go to 4, 4 rather than 8, 2 (same pass count, the radix-2 pass is the slower one:
            // 256 measured 250 → 217 ns with AVX2, 267 → 187 ns with AVX-512 as 4, 4, 4, 4).
            result.Add(4);
            result.Add(4);
            twos -= 4;
            for (; twos >= 3 && twos != 4; twos -= 3)
            {
                result.Add(8);
            }
        }
        for (var i = 0; i < twos / 2; i++)
        {
            result.Add(4);
        }
        if (twos % 2 == 1)
        {
            result.Add(2);
        }
        result.AddRange(odd);
        return result;
    }
}
