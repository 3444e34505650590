namespace RovDsp.Architecture.Tests;

public class CycleFinderTests
{
    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Graph(params (string From, string To)[] edges) =>
        edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.To).ToHashSet());

    [Fact]
    public void A_layered_graph_has_no_cycle()
    {
        var graph = Graph(("Cli", "Bridge"), ("Bridge", "Processing"), ("Replay", "Processing"), ("Processing", "Dsp"), ("Cli", "Dsp"));
        Assert.Empty(CycleFinder.FindCycles(graph));
    }

    [Fact]
    public void A_namespace_using_itself_is_no_cycle()
    {
        Assert.Empty(CycleFinder.FindCycles(Graph(("A", "A"), ("A", "B"))));
    }

    [Fact]
    public void Finds_a_two_namespace_cycle()
    {
        // The cycle the bridge had: Feeds.HandlerContext used Service.IFeedSink, Service.ISensorHandlerFactory used
        // Feeds.HandlerContext.
        var cycle = Assert.Single(CycleFinder.FindCycles(Graph(("Feeds", "Service"), ("Service", "Feeds"), ("Feeds", "Dsp"))));
        Assert.Equal(["Feeds", "Service", "Feeds"], cycle);
    }

    [Fact]
    public void Finds_a_long_cycle_and_each_separate_one()
    {
        var cycles = CycleFinder.FindCycles(Graph(
            ("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("d", "x"),
            ("p", "q"), ("q", "p"),
            ("x", "y")));
        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.SequenceEqual(["a", "b", "c", "d", "a"]));
        Assert.Contains(cycles, c => c.SequenceEqual(["p", "q", "p"]));
    }

    [Fact]
    public void Finds_a_cycle_in_compiled_code_even_through_a_method_body()
    {
        // Samples/: Caller names Callee only inside a method body, Callee names Caller in a field.
        var graph = NamespaceGraph.Build([typeof(CycleFinderTests).Assembly],
            ns => ns.StartsWith("RovDsp.Architecture.Tests.Samples", StringComparison.Ordinal));
        Assert.Contains("RovDsp.Architecture.Tests.Samples.Callee", graph["RovDsp.Architecture.Tests.Samples.Caller"]);
        var cycle = Assert.Single(CycleFinder.FindCycles(graph));
        Assert.Equal(
            ["RovDsp.Architecture.Tests.Samples.Callee", "RovDsp.Architecture.Tests.Samples.Caller", "RovDsp.Architecture.Tests.Samples.Callee"],
            cycle);
    }
}
