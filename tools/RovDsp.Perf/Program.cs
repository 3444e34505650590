using RovDsp.Perf.Fft;
using RovDsp.Perf.Gate;
using RovDsp.Perf.Latency;

namespace RovDsp.Perf;

/// <summary>Entry point: <c>gate ...</c> and <c>trend ...</c> run the in-process performance gate
/// (Gate/GateCommand.cs), <c>fftw</c> our FFTs against FFTW (Fft/FftwComparison.cs), <c>latency ...</c> the bridge
/// latency harness (Latency/LatencyCommand.cs). BenchmarkDotNet's runs are benchmarks/RovDsp.Benchmarks.</summary>
public static class Program
{
    private const string Usage = "usage: RovDsp.Perf gate|trend|latency|fleet|fftw [options] (benchmarks/README.md)";

    /// <summary>Runs the verb the first argument names; returns its exit code, or 2 on a usage error.</summary>
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
        if (args.Length > 0 && args[0] == "fleet")
        {
            return FleetLatencyCommand.Run(args[1..], Console.Out);
        }
        if (args.Length > 0 && args[0] == "trend")
        {
            return GateCommand.RunTrend(args[1..], Console.Out);
        }
        if (args.Length > 0 && args[0] == "fftw")
        {
            return FftwComparison.Run(args[1..], Console.Out);
        }
        Console.WriteLine(Usage);
        return 2;
    }
}
