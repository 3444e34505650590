namespace RovDsp.Architecture.Tests;

/// <summary>Cycles of a directed graph: its strongly connected components of more than one node (Tarjan), each
/// reported as one closed path through it, so a failure names the namespaces to untangle.</summary>
public static class CycleFinder
{
    /// <summary>One cycle per strongly connected component of two or more nodes, as a path that starts and ends on
    /// the same node (a → b → a). Self-edges are not cycles here (a namespace may use itself).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var next = 0;

        IEnumerable<string> Successors(string node) =>
            edges.TryGetValue(node, out var to) ? to.Where(t => t != node).Order(StringComparer.Ordinal) : [];

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in Successors(node))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }

        var nodes = edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return [.. components.Select(c => PathThrough(c.ToHashSet(StringComparer.Ordinal), Successors))];
    }

    /// <summary>A shortest closed path from the component's first node (in ordinal order) back to itself, staying
    /// inside the component (breadth-first).</summary>
    private static IReadOnlyList<string> PathThrough(HashSet<string> component, Func<string, IEnumerable<string>> successors)
    {
        var start = component.Order(StringComparer.Ordinal).First();
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var to in successors(node).Where(component.Contains))
            {
                if (to == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = parent[at])
                    {
                        path.Add(at);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (parent.TryAdd(to, node))
                {
                    queue.Enqueue(to);
                }
            }
        }

        throw new InvalidOperationException("a strongly connected component without a cycle through " + start);
    }
}
