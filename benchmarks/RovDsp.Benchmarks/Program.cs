using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using RovDsp.Benchmarks.Fft;

namespace RovDsp.Benchmarks;

/// <summary>Entry point: the arguments go to BenchmarkDotNet's switcher (for example <c>--filter '*Fft*'</c>)
/// with full JSON and GitHub Markdown exporters added to the default ones. The gate, the trend, the latency harness
/// and the FFTW comparison are tools/RovDsp.Perf, which measures these classes.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks the arguments select.</summary>
    public static int Main(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub);
        if (!Fftw.IsAvailable)
        {
            // The FFTW baselines need the native library; without it they are left out, saying so.
            Console.WriteLine($"benchmarks: {Fftw.MissingReason}");
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Fftw", StringComparison.Ordinal)));
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
