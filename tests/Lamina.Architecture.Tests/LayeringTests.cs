namespace Lamina.Architecture.Tests;

/// <summary>docs/architecture.md against the real tree: project references, independence, file sizes.</summary>
public sealed class LayeringTests
{
    private static readonly Lazy<ArchitectureDoc> Doc = new(() =>
        ArchitectureDoc.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "architecture.md"))));

    [Fact]
    public void Every_src_project_is_documented_with_exactly_its_project_references()
    {
        var actual = SourceTree.ProjectReferences(RepositoryRoot.Path);
        Assert.Contains("Lamina.Core", actual.Keys);
        Assert.Contains("Lamina.Stark", actual.Keys);
        var problems = LayeringRules.CheckProjects(Doc.Value, actual);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Consensus_data_availability_and_stark_are_declared_independent_and_are()
    {
        Assert.Equal(["Lamina.Consensus", "Lamina.DataAvailability", "Lamina.Stark"], Doc.Value.Independent.Order(StringComparer.Ordinal));
        var actual = SourceTree.ProjectReferences(RepositoryRoot.Path);
        foreach (var from in Doc.Value.Independent)
        {
            var reachable = LayeringRules.Reachable(actual, from);
            Assert.DoesNotContain(reachable, Doc.Value.Independent.Contains);
        }
    }

    [Fact]
    public void No_src_file_is_over_the_line_limit_without_a_documented_exception()
    {
        var counts = SourceTree.LineCounts(RepositoryRoot.Path);
        Assert.Contains(counts.Keys, p => p.EndsWith(".cs", StringComparison.Ordinal));
        var problems = LayeringRules.CheckFileSizes(Doc.Value, counts);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Exception_messages_in_src_follow_the_house_style()
    {
        var files = SourceTree.LineCounts(RepositoryRoot.Path).Keys
            .Where(p => p.EndsWith(".cs", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllLines(Path.Combine(RepositoryRoot.Path, p))));
        var problems = ErrorMessageStyle.Check(files);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
