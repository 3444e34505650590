using System.Runtime.InteropServices;

namespace RovDsp.Benchmarks.Fft;

/// <summary>
/// P/Invoke to FFTW 3's single-precision library as Debian ships it (<c>libfftw3f.so.3</c>, packages
/// libfftw3-single3 / libfftw3-dev): the native baseline our FFTs are held to (issue 14). Only what the
/// benchmarks need: 1-D complex, r2c and c2r plans with FFTW_MEASURE on fftwf_malloc'ed (SIMD-aligned) buffers.
/// Check <see cref="IsAvailable"/> first; every other member needs the library.
/// </summary>
public static partial class Fftw
{
    /// <summary>The shared object loaded (Debian's SONAME).</summary>
    public const string Library = "libfftw3f.so.3";

    /// <summary>FFTW_FORWARD: exponent sign -1.</summary>
    public const int Forward = -1;

    /// <summary>FFTW_BACKWARD: exponent sign +1 (unscaled).</summary>
    public const int Backward = 1;

    /// <summary>FFTW_MEASURE: time candidate algorithms while planning (overwrites the buffers).</summary>
    public const uint Measure = 0;

    private static readonly Lazy<string?> s_missing = new(Probe);

    /// <summary>True when <see cref="Library"/> loads on this machine.</summary>
    public static bool IsAvailable => s_missing.Value is null;

    /// <summary>Why FFTW is unavailable (null when it is available).</summary>
    public static string? MissingReason => s_missing.Value;

    /// <summary>fftwf_malloc: memory aligned for FFTW's SIMD codelets.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_malloc")]
    public static partial nint Malloc(nuint bytes);

    /// <summary>fftwf_free.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_free")]
    public static partial void Free(nint p);

    /// <summary>fftwf_plan_dft_1d on interleaved complex (re, im) float pairs.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_plan_dft_1d")]
    public static partial nint PlanDft1D(int n, nint input, nint output, int sign, uint flags);

    /// <summary>fftwf_plan_dft_r2c_1d: n reals to n/2+1 interleaved complex bins.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_plan_dft_r2c_1d")]
    public static partial nint PlanDftR2C1D(int n, nint input, nint output, uint flags);

    /// <summary>fftwf_plan_dft_c2r_1d: n/2+1 interleaved complex bins to n reals, unscaled (destroys its input).</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_plan_dft_c2r_1d")]
    public static partial nint PlanDftC2R1D(int n, nint input, nint output, uint flags);

    /// <summary>fftwf_execute.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_execute")]
    public static partial void Execute(nint plan);

    /// <summary>fftwf_destroy_plan.</summary>
    [LibraryImport(Library, EntryPoint = "fftwf_destroy_plan")]
    public static partial void DestroyPlan(nint plan);

    [LibraryImport(Library, EntryPoint = "fftwf_sprint_plan")]
    private static partial nint SprintPlan(nint plan);

    /// <summary>FFTW's description of a plan (fftwf_sprint_plan): shows which codelets (SIMD flavour) it chose.</summary>
    public static string Describe(nint plan)
    {
        var p = SprintPlan(plan);
        if (p == 0)
        {
            return "";
        }
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? "";
        }
        finally
        {
            // fftwf_sprint_plan's string comes from malloc; the C runtime's free releases it.
            unsafe
            {
                NativeMemory.Free((void*)p);
            }
        }
    }

    /// <summary>A span over <paramref name="count"/> floats at <paramref name="p"/>.</summary>
    public static unsafe Span<float> Floats(nint p, int count) => new((void*)p, count);

    private static string? Probe()
    {
        if (!NativeLibrary.TryLoad(Library, typeof(Fftw).Assembly, null, out var handle))
        {
            return $"{Library} not found (apt-get install libfftw3-single3); FFTW baselines skipped";
        }
        NativeLibrary.Free(handle);
        return null;
    }
}

/// <summary>
/// One FFTW plan with its own fftwf_malloc'ed input and output buffers (planned with FFTW_MEASURE before the
/// caller fills the input, since measuring overwrites it).
/// </summary>
public sealed class FftwPlan : IDisposable
{
    private nint _plan;

    private FftwPlan(nint plan, nint input, int inputFloats, nint output, int outputFloats)
    {
        _plan = plan;
        InputPointer = input;
        OutputPointer = output;
        InputFloats = inputFloats;
        OutputFloats = outputFloats;
    }

    /// <summary>Input buffer address.</summary>
    public nint InputPointer { get; private set; }

    /// <summary>Output buffer address.</summary>
    public nint OutputPointer { get; private set; }

    /// <summary>Floats in the input buffer.</summary>
    public int InputFloats { get; }

    /// <summary>Floats in the output buffer.</summary>
    public int OutputFloats { get; }

    /// <summary>The input buffer (interleaved complex or real).</summary>
    public Span<float> Input => Fftw.Floats(InputPointer, InputFloats);

    /// <summary>The output buffer (interleaved complex or real).</summary>
    public Span<float> Output => Fftw.Floats(OutputPointer, OutputFloats);

    /// <summary>FFTW's description of the plan.</summary>
    public string Description => Fftw.Describe(_plan);

    /// <summary>Complex forward (or backward) transform of n points, out of place.</summary>
    public static FftwPlan Complex(int n, int sign = Fftw.Forward)
    {
        var (i, o) = (Alloc(2 * n), Alloc(2 * n));
        return new FftwPlan(Check(Fftw.PlanDft1D(n, i, o, sign, Fftw.Measure)), i, 2 * n, o, 2 * n);
    }

    /// <summary>Real-to-complex transform of n reals (n/2+1 bins), out of place.</summary>
    public static FftwPlan RealToComplex(int n)
    {
        var (i, o) = (Alloc(n), Alloc(2 * (n / 2 + 1)));
        return new FftwPlan(Check(Fftw.PlanDftR2C1D(n, i, o, Fftw.Measure)), i, n, o, 2 * (n / 2 + 1));
    }

    /// <summary>Complex-to-real transform to n reals (unscaled), out of place.</summary>
    public static FftwPlan ComplexToReal(int n)
    {
        var (i, o) = (Alloc(2 * (n / 2 + 1)), Alloc(n));
        return new FftwPlan(Check(Fftw.PlanDftC2R1D(n, i, o, Fftw.Measure)), i, 2 * (n / 2 + 1), o, n);
    }

    /// <summary>Runs the plan on its buffers.</summary>
    public void Execute() => Fftw.Execute(_plan);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_plan != 0)
        {
            Fftw.DestroyPlan(_plan);
            Fftw.Free(InputPointer);
            Fftw.Free(OutputPointer);
            _plan = 0;
            InputPointer = 0;
            OutputPointer = 0;
        }
    }

    private static nint Alloc(int floats)
    {
        var p = Fftw.Malloc((nuint)floats * sizeof(float));
        return p != 0 ? p : throw new OutOfMemoryException("fftwf_malloc failed");
    }

    private static nint Check(nint plan) => plan != 0 ? plan : throw new InvalidOperationException("FFTW returned no plan");
}
