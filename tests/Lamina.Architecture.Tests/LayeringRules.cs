namespace Lamina.Architecture.Tests;

/// <summary>
/// The checks, as pure functions from the documented architecture and the actual tree to a list of violations
/// (empty when all is well), so the tests can also feed them broken trees and see each rule fire.
/// </summary>
internal static class LayeringRules
{
    public const int MaxFileLines = 400;

    public static List<string> CheckProjects(ArchitectureDoc doc, IReadOnlyDictionary<string, IReadOnlySet<string>> actual)
    {
        var problems = new List<string>();
        foreach (var (name, references) in actual)
        {
            if (!doc.Projects.TryGetValue(name, out var row))
            {
                problems.Add($"src/{name} has no row in docs/architecture.md's project table");
                continue;
            }
            if (row.Planned) problems.Add($"src/{name} exists but its row says planned: mark it present");
            foreach (var missing in row.Required.Where(r => !references.Contains(r)))
            {
                problems.Add($"{name} does not reference {missing}, which docs/architecture.md lists as required (drop it there, or mark it optional with '?')");
            }
            foreach (var extra in references.Where(r => !row.Allows(r)))
            {
                problems.Add($"{name} references {extra}, which docs/architecture.md does not allow");
            }
        }
        foreach (var row in doc.Projects.Values.Where(r => !r.Planned && !actual.ContainsKey(r.Name)))
        {
            problems.Add($"docs/architecture.md lists {row.Name} as present, but src/{row.Name}/{row.Name}.csproj does not exist");
        }
        foreach (var row in doc.Projects.Values)
        {
            foreach (var target in row.Required.Concat(row.Optional))
            {
                if (!doc.Projects.TryGetValue(target, out var lower)) problems.Add($"{row.Name} may reference {target}, which has no row of its own");
                else if (lower.Layer >= row.Layer) problems.Add($"{row.Name} (layer {row.Layer}) may reference {target} (layer {lower.Layer}): references must point to a lower layer");
            }
        }
        problems.AddRange(CheckIndependence(doc, actual));
        return problems;
    }

    /// <summary>
    /// No path between two independent projects, in the real references and in what the table allows (so the rule
    /// holds for planned projects before they exist).
    /// </summary>
    private static IEnumerable<string> CheckIndependence(ArchitectureDoc doc, IReadOnlyDictionary<string, IReadOnlySet<string>> actual)
    {
        var allowed = doc.Projects.Values.ToDictionary(r => r.Name, r => (IReadOnlySet<string>)r.Required.Concat(r.Optional).ToHashSet(), StringComparer.Ordinal);
        foreach (var (graph, source) in new[] { (actual, "src"), (allowed, "docs/architecture.md") })
        {
            foreach (var from in doc.Independent)
            {
                var reachable = Reachable(graph, from);
                foreach (var to in doc.Independent.Where(t => t != from && reachable.Contains(t)))
                {
                    yield return $"{from} depends on {to} in {source}: {string.Join(", ", doc.Independent)} must stay independent of each other";
                }
            }
        }
    }

    public static HashSet<string> Reachable(IReadOnlyDictionary<string, IReadOnlySet<string>> graph, string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
        {
            if (!graph.TryGetValue(stack.Pop(), out var next)) continue;
            foreach (var n in next.Where(seen.Add)) stack.Push(n);
        }
        return seen;
    }

    public static List<string> CheckFileSizes(ArchitectureDoc doc, IReadOnlyDictionary<string, int> lineCounts)
    {
        var problems = new List<string>();
        foreach (var (path, lines) in lineCounts.Where(f => f.Value > MaxFileLines))
        {
            if (!doc.FileSizeExceptions.TryGetValue(path, out var exception))
            {
                problems.Add($"{path} has {lines} lines, over the {MaxFileLines}-line limit: split it");
            }
            else if (lines > exception.MaxLines)
            {
                problems.Add($"{path} has {lines} lines; its exception in docs/architecture.md allows {exception.MaxLines} while it is split ({exception.Reason})");
            }
        }
        foreach (var exception in doc.FileSizeExceptions.Values)
        {
            if (!lineCounts.TryGetValue(exception.Path, out var lines)) problems.Add($"{exception.Path} has a file-size exception but does not exist: delete its row in docs/architecture.md");
            else if (lines <= MaxFileLines) problems.Add($"{exception.Path} is {lines} lines now, within the limit: delete its file-size exception in docs/architecture.md");
        }
        return problems;
    }
}
