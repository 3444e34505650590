using RovDsp.Perf.Gate;

namespace RovDsp.Benchmarks.Tests.Gate;

/// <summary>
/// The performance gate can fail: run in process (this project compiles without tiering, like the gate's own
/// launcher) against the committed benchmarks/budgets.json, with and without a deliberate defect. The passing
/// runs cover only deterministic budgets (allocation counts) so a loaded test machine cannot make them flaky;
/// the timing budgets are exercised by the sabotaged runs, whose 5 ms spin per call is 25x or more beyond them, and
/// the bridge latency budgets by a 60 ms spin in the bridge's ping handler (1.2 of the ping period).
/// </summary>
// The bridge's latency runs (here and MosquittoLatencyRunTests) take the machine's two cores: one at a time.
[Collection("latency runs")]
public sealed class PerformanceGateTests
{
    private static readonly string s_budgets = FindBudgets();

    [Fact]
    public void Committed_budgets_load_and_each_has_a_reason()
    {
        var budgets = Budget.Load(s_budgets);
        Assert.True(budgets.Count >= 15, $"only {budgets.Count} budgets");
        Assert.All(budgets, b => Assert.True(b.Reason.Length > 40, $"{b.Name}: reason too short"));
        Assert.Contains(budgets, b => b.Metric == "fft.complex4096.ratio");
        Assert.Contains(budgets, b => b.Metric == "fft.complex1024.fftw.ratio");
        Assert.Contains(budgets, b => b.Metric == "fft.real4096.fftw.ratio");
        Assert.Contains(budgets, b => b.Metric == "slurry.alloc" && b.Comparison == "==" && b.Limit == 0);
    }

    [Fact]
    public void Passes_without_sabotage()
    {
        var (code, text) = Run("--quick", "--only", "echosounder-baseband-alloc,codec-echosounder,codec-slurry,alarms-alloc");
        Assert.True(code == 0, text);
        Assert.Contains("echosounder-baseband-alloc-per-message", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
        Assert.Contains("PASS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_subject_allocates()
    {
        var (code, text) = Run("--quick", "--only", "echosounder-baseband-alloc,codec-slurry", "--sabotage", "alloc");
        Assert.True(code == 1, text);
        var line = text.Split('\n').Single(l => l.StartsWith("echosounder-baseband-alloc-per-message", StringComparison.Ordinal));
        Assert.EndsWith("FAIL", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(" 280 ", line, StringComparison.Ordinal);
        Assert.Contains("gate: 0 passed, 2 failed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_subject_is_slow()
    {
        var (code, text) = Run("--quick", "--only", "fir-64", "--sabotage", "slow");
        Assert.True(code == 1, text);
        var line = text.Split('\n').Single(l => l.StartsWith("fir-64-vs-scalar-loop", StringComparison.Ordinal));
        Assert.EndsWith("FAIL", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void FFTW_budget_fails_when_our_FFT_is_slow_or_says_why_it_skipped()
    {
        // Issue 14's FFT-vs-FFTW budget: a 5 ms spin per call is thousands of times FFTW's 1024-point time, so it
        // must fail; without libfftw3f.so.3 the budget must say it was skipped and why, and not count as a breach.
        var (code, text) = Run("--quick", "--only", "fft-complex-1024-vs-fftw", "--sabotage", "slow");
        var line = text.Split('\n').Single(l => l.StartsWith("fft-complex-1024-vs-fftw", StringComparison.Ordinal));
        if (RovDsp.Benchmarks.Fft.Fftw.IsAvailable)
        {
            Assert.True(code == 1, text);
            Assert.EndsWith("FAIL", line.TrimEnd(), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(code == 0, text);
            Assert.Contains("SKIPPED", line, StringComparison.Ordinal);
            Assert.Contains("libfftw3f.so.3", line, StringComparison.Ordinal);
            Assert.Contains("1 skipped", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Fails_when_the_bridge_ping_handler_is_slow()
    {
        // The real bridge behind its embedded broker at the realistic mix, its ping handler slowed by 60 ms
        // (1.2 of the ping period): both ping budgets must fail; the slurry budget on its own worker must not.
        var (code, text) = Run("--only", "bridge-", "--sabotage", "latency");
        Assert.True(code == 1, text);
        string Line(string name) => text.Split('\n').Single(l => l.StartsWith(name, StringComparison.Ordinal)).TrimEnd();
        Assert.EndsWith("FAIL", Line("bridge-ping-handled-p99-vs-period"), StringComparison.Ordinal);
        Assert.EndsWith("FAIL", Line("bridge-ping-e2e-p99-vs-period"), StringComparison.Ordinal);
        Assert.EndsWith("PASS", Line("bridge-slurry-handled-p99-vs-period"), StringComparison.Ordinal);
        Assert.Contains("SABOTAGE=Latency", text, StringComparison.Ordinal);
    }

    [Fact]
    public void History_appends_one_line_per_run_and_trend_reads_it()
    {
        var history = Path.Combine(Path.GetTempPath(), $"rovdsp-gate-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var (code, text) = Run("--quick", "--only", "codec-slurry", "--history", history);
                Assert.True(code == 0, text);
            }
            var lines = File.ReadAllLines(history);
            Assert.Equal(2, lines.Length);
            Assert.Contains("\"codec.slurry.decode.alloc\":0", lines[1], StringComparison.Ordinal);
            var trend = new StringWriter();
            Assert.Equal(0, GateCommand.RunTrend(["--history", history], trend));
            Assert.Contains("trend over 2 runs", trend.ToString(), StringComparison.Ordinal);
            Assert.Contains("codec.slurry.decode.alloc", trend.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(history);
        }
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.0, 1.0 }, "~")]
    [InlineData(new[] { 1.0, 1.5, 2.0 }, "+")]
    [InlineData(new[] { 2.0, 1.5, 1.0 }, "-")]
    [InlineData(new[] { 100.0, 101.0, 100.5 }, "~")]
    public void Slope_sign_follows_the_fitted_change(double[] values, string sign) =>
        Assert.Equal(sign, GateHistory.SlopeSign(values));

    [Fact]
    public void Rejects_unknown_option()
    {
        var (code, text) = Run("--bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown option", text, StringComparison.Ordinal);
    }

    private static (int Code, string Text) Run(params string[] args)
    {
        var output = new StringWriter();
        var code = GateCommand.RunGate(["--budgets", s_budgets, .. args], output);
        return (code, output.ToString());
    }

    private static string FindBudgets()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks", "budgets.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("benchmarks/budgets.json not found above the test directory");
    }
}
