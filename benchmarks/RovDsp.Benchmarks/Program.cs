using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using RovDsp.Benchmarks.Fft;
using RovDsp.Benchmarks.Gate;
using RovDsp.Benchmarks.Latency;

namespace RovDsp.Benchmarks;

/// <summary>Entry point: <c>gate ...</c> and <c>trend ...</c> run the in-process performance gate
/// (Gate/GateCommand.cs), <c>fftw</c> our FFTs against FFTW (Fft/FftwComparison.cs), <c>latency ...</c> the bridge latency harness (Latency/LatencyCommand.cs); anything else goes to BenchmarkDotNet's switcher (for example <c>--filter '*Fft*'</c>)
/// with full JSON and GitHub Markdown exporters added to the default ones.</summary>
public static class Program
{
    /// <summary>Runs the gate, the trend, or the benchmarks the arguments select.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gate")
        {
            return (GateLauncher.TieringOff ? null : GateLauncher.RunChild(args)) ?? GateCommand.RunGate(args[1..], Console.Out);
        }
        if (args.Length > 0 && args[0] == "latency")
        {
            return LatencyCommand.Run(args[1..], Console.Out);
        }
        if (args.Length > 0 && args[0] == "trend")
        {
            return GateCommand.RunTrend(args[1..], Console.Out);
        }
        if (args.Length > 0 && args[0] == "fftw")
        {
            return FftwComparison.Run(args[1..], Console.Out);
        }
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
