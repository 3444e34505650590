using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Windows;

namespace RovDsp.Benchmarks.Design;

/// <summary>
/// Window generation (design-time code, run when a spectral or FIR object is built): the allocation-free
/// <see cref="Window.Fill"/> against a plain scalar Hann loop.
/// </summary>
[MemoryDiagnoser]
public class WindowBenchmarks
{
    private double[] _buffer = [];

    /// <summary>Window length.</summary>
    [Params(256, 4096)]
    public int Length { get; set; }

    /// <summary>Allocates the output buffer.</summary>
    [GlobalSetup]
    public void Setup() => _buffer = new double[Length];

    /// <summary>Baseline: periodic Hann as 0.5 − 0.5·cos(2πn/N).</summary>
    [Benchmark(Baseline = true)]
    public double[] ScalarHann()
    {
        var n = _buffer.Length;
        for (var i = 0; i < n; i++)
        {
            _buffer[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
        }
        return _buffer;
    }

    /// <summary>Periodic Hann, scipy-exact.</summary>
    [Benchmark]
    public double[] Hann()
    {
        Window.Fill(WindowType.Hann, _buffer, periodic: true);
        return _buffer;
    }

    /// <summary>Periodic Blackman-Harris (four cosine terms).</summary>
    [Benchmark]
    public double[] BlackmanHarris()
    {
        Window.Fill(WindowType.BlackmanHarris, _buffer, periodic: true);
        return _buffer;
    }

    /// <summary>Periodic Kaiser β = 8.6 (one Bessel I0 series per sample).</summary>
    [Benchmark]
    public double[] Kaiser()
    {
        Window.Fill(WindowType.Kaiser, _buffer, periodic: true, parameter: 8.6);
        return _buffer;
    }
}
