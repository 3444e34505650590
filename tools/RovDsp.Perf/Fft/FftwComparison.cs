using System.Globalization;
using RovDsp.Benchmarks.Fft;
using RovDsp.Benchmarks.PulseCompression;
using RovDsp.Dsp.Fft;
using RovDsp.Perf.Gate;

namespace RovDsp.Perf.Fft;

/// <summary>
/// <c>fftw [--quick] [--only prefix]</c>: our FFTs against FFTW 3 in one process, interleaved (the gate's harness: thread CPU
/// time, median of per-pair ratios), one line per case with both times, the ratio and the issue-14 floor
/// (2x for power-of-two complex/real FFTs and the matched filter, 3x for Bluestein). Run it once plain and once
/// with <c>DOTNET_EnableAVX512=0</c> for the two columns of benchmarks/README.md.
/// </summary>
public static class FftwComparison
{
    /// <summary>Runs the comparison; returns 0, or 2 when FFTW is missing.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (!Fftw.IsAvailable)
        {
            output.WriteLine($"fftw: skipped: {Fftw.MissingReason}");
            return 2;
        }
        var at = args.ToList().IndexOf("--only");
        s_only = at >= 0 && at + 1 < args.Count ? args[at + 1] : "";
        var measure = new Measurement(args.Contains("--quick") ? GateSettings.Quick : GateSettings.Full);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fftw: ours on {ComplexFftPlan.DetectedPath} (thread CPU time: {ThreadClock.IsCpuTime})"));
        using (var probe = FftwPlan.Complex(1024))
        {
            output.WriteLine($"fftw: FFTW complex 1024 plan: {probe.Description.ReplaceLineEndings(" ")}");
        }
        using (var probe = FftwPlan.RealToComplex(4096))
        {
            output.WriteLine($"fftw: FFTW r2c 4096 plan: {probe.Description.ReplaceLineEndings(" ")}");
        }
        output.WriteLine("case                  ours        FFTW       ratio  floor");
        foreach (var n in new[] { 256, 1024, 4096, 65536, 1000, 4099 })
        {
            var b = new ComplexFftBenchmarks { N = n };
            b.Setup();
            Line(output, measure, $"complex {n}", b.RovDspForward, b.Fftw, n == 4099 ? 3 : 2);
            b.Cleanup();
        }
        foreach (var n in new[] { 256, 1024, 4096, 65536 })
        {
            var b = new RealFftBenchmarks { N = n };
            b.Setup();
            Line(output, measure, $"real {n}", b.RovDspForward, b.FftwForward, 2);
            Line(output, measure, $"real inverse {n}", b.RovDspInverse, b.FftwInverse, 2);
            b.Cleanup();
        }
        {
            var b = new MatchedFilterBenchmarks();
            b.Setup();
            Line(output, measure, "matched 8192x1024", () => b.MatchedFilterReal(), () => b.Fftw(), 2);
            b.Cleanup();
        }
        return 0;
    }

    private static string s_only = "";

    private static void Line(TextWriter output, Measurement measure, string name, Action ours, Action fftw, double floor)
    {
        if (!name.StartsWith(s_only, StringComparison.Ordinal))
        {
            return;
        }
        var ratio = measure.Ratio(ours, fftw);
        var a = measure.SecondsPerCall(ours);
        var b = measure.SecondsPerCall(fftw);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-18}{Time(a),10}  {Time(b),10}  {ratio,6:F2}  {(ratio <= floor ? "met" : "MISSED")} (<= {floor})"));
    }

    private static string Time(double s) =>
        s < 1e-5 ? string.Create(CultureInfo.InvariantCulture, $"{s * 1e9:N0} ns") : string.Create(CultureInfo.InvariantCulture, $"{s * 1e6:N1} us");
}
