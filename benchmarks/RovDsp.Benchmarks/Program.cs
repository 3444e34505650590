using BenchmarkDotNet.Running;

namespace RovDsp.Benchmarks;

/// <summary>Entry point: every benchmark class in this assembly, chosen by BenchmarkDotNet's switcher
/// (for example <c>--filter '*Fft*'</c>).</summary>
public static class Program
{
    /// <summary>Runs the benchmarks the arguments select.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
