using System.Diagnostics;
using System.Globalization;

namespace RovDsp.Perf.Gate;

/// <summary>
/// <c>gate [--budgets file] [--history file] [--quick] [--only prefix[,prefix]] [--allocations] [--sabotage none|alloc|slow|latency]</c>
/// and <c>trend [--history file]</c>. <c>--allocations</c> adds the allocation budgets (metrics ending in
/// <c>.alloc</c>) to the selection: exact, noise-free checks that <c>.ci/run</c> repeats with the wider vector
/// instruction sets switched off, since every vector width is its own code path that could allocate. The gate measures every metric its budgets name, prints one line per
/// budget (<c>name  measured  budget  PASS|FAIL</c>) and returns 1 on any breach, 2 on a usage error.
/// </summary>
public static class GateCommand
{
    /// <summary>Default budgets file, relative to the repository root.</summary>
    public const string DefaultBudgets = "benchmarks/budgets.json";

    /// <summary>Default history file, relative to the repository root.</summary>
    public const string DefaultHistory = "benchmarks/history.jsonl";

    /// <summary>Runs <c>gate</c> with the arguments after the verb; returns the exit code.</summary>
    public static int RunGate(IReadOnlyList<string> args, TextWriter output)
    {
        string budgetsPath = DefaultBudgets;
        string? historyPath = null;
        var quick = false;
        string[] only = [];
        var allocations = false;
        var sabotage = SabotageWrapper.Parse(Environment.GetEnvironmentVariable("ROVDSP_GATE_SABOTAGE"));
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--budgets": budgetsPath = Value(args, ref i); break;
                    case "--history": historyPath = Value(args, ref i); break;
                    case "--quick": quick = true; break;
                    case "--allocations": allocations = true; break;
                    case "--only": only = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                    case "--sabotage": sabotage = SabotageWrapper.Parse(Value(args, ref i)); break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"gate: {e.Message}");
            output.WriteLine("usage: gate [--budgets file] [--history file] [--quick] [--only prefix,...] [--allocations] [--sabotage none|alloc|slow|latency]");
            return 2;
        }

        var all = only.Length == 0 && !allocations;
        var budgets = Budget.Load(budgetsPath)
            .Where(b => all
                || only.Any(p => b.Name.StartsWith(p, StringComparison.Ordinal) || b.Metric.StartsWith(p, StringComparison.Ordinal))
                || (allocations && b.Metric.EndsWith(".alloc", StringComparison.Ordinal)))
            .ToList();
        if (budgets.Count == 0)
        {
            output.WriteLine("gate: no budget selected");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var settings = quick ? GateSettings.Quick : GateSettings.Full;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gate: {budgets.Count} budgets from {budgetsPath}, {(quick ? "quick" : "full")} (median of {settings.Repetitions}), {Environment.ProcessorCount} cores{(sabotage == Sabotage.None ? "" : $", SABOTAGE={sabotage}")}"));
        var metrics = new GateMetrics(new Measurement(settings), sabotage);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var failures = 0;
        var skipped = 0;
        var width = budgets.Max(b => b.Name.Length) + 2;
        foreach (var budget in budgets)
        {
            if (GateMetrics.SkipReason(budget.Metric) is { } why)
            {
                // A baseline the machine lacks: said, not silently passed, and not a breach.
                skipped++;
                output.WriteLine($"{budget.Name.PadRight(width)}     SKIPPED  ({why})");
                continue;
            }
            if (!values.TryGetValue(budget.Metric, out var measured))
            {
                measured = metrics.Measure(budget.Metric);
                values[budget.Metric] = measured;
            }
            var pass = budget.Holds(measured);
            failures += pass ? 0 : 1;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{budget.Name.PadRight(width)}{measured,12:G4}  {budget.Comparison} {budget.Limit,-10:G4}  {(pass ? "PASS" : "FAIL")}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gate: {budgets.Count - failures - skipped} passed, {failures} failed{(skipped > 0 ? $", {skipped} skipped" : "")} in {clock.Elapsed.TotalSeconds:F1} s"));
        if (historyPath is not null && sabotage != Sabotage.None)
        {
            output.WriteLine($"gate: sabotaged run, figures NOT appended to {historyPath}");
        }
        else if (historyPath is not null)
        {
            GateHistory.Append(historyPath, values, quick);
            output.WriteLine($"gate: figures appended to {historyPath}");
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs <c>trend</c> with the arguments after the verb; returns the exit code.</summary>
    public static int RunTrend(IReadOnlyList<string> args, TextWriter output)
    {
        var path = DefaultHistory;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--history" && i + 1 < args.Count)
            {
                path = args[++i];
            }
            else
            {
                output.WriteLine("usage: trend [--history file]");
                return 2;
            }
        }
        return GateHistory.PrintTrend(path, output);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option '{args[i]}' needs a value");
}
