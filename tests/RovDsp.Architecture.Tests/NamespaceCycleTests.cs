using System.Reflection;

namespace RovDsp.Architecture.Tests;

/// <summary>
/// No namespace of the shipped assemblies depends on itself through others: the dependency picture stays a
/// layering (Dsp ← Processing ← Replay, Bridge ← the two command-line tools, and within each assembly its folders),
/// so any folder can be understood, tested and moved with what it uses and nothing that uses it.
/// </summary>
public class NamespaceCycleTests
{
    /// <summary>Every assembly built from src/.</summary>
    private static readonly string[] ShippedAssemblies =
        ["RovDsp.Dsp", "RovDsp.Processing", "RovDsp.Replay", "RovDsp.Bridge", "rovdsp-replay", "rovdsp-bridge"];

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Graph() => NamespaceGraph.Build(
        ShippedAssemblies.Select(name => Assembly.Load(new AssemblyName(name))),
        ns => ns.StartsWith("RovDsp.", StringComparison.Ordinal));

    [Fact]
    public void Shipped_namespaces_have_no_cycles()
    {
        var cycles = CycleFinder.FindCycles(Graph());
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles.Select(c => string.Join(" → ", c))));
    }

    [Fact]
    public void The_graph_sees_the_layers()
    {
        var graph = Graph();
        Assert.Contains("RovDsp.Processing.Feeds", graph["RovDsp.Bridge.Service"]);
        Assert.Contains("RovDsp.Processing.Feeds", graph["RovDsp.Replay.Processing"]);
        Assert.Contains("RovDsp.Dsp.Pipelines.Echosounder", graph["RovDsp.Processing.Feeds"]);
        Assert.Contains("RovDsp.Bridge.Connection", graph["RovDsp.Replay.Cli.Commands"]);
        Assert.DoesNotContain(graph["RovDsp.Processing.Feeds"], ns => ns.StartsWith("RovDsp.Bridge", StringComparison.Ordinal));
    }
}
