namespace Lamina.Architecture.Tests;

/// <summary>Each rule fires on a tree that breaks it, so a green run on the real tree means something.</summary>
public sealed class LayeringRulesTests
{
    private const string Sample = """
        <!-- project-references:begin -->
        | Project | Status | Layer | References |
        | --- | --- | --- | --- |
        | Lamina.Core | present | 0 | — |
        | Lamina.Consensus | present | 2 | Lamina.Core |
        | Lamina.DataAvailability | planned | 2 | Lamina.Core |
        | Lamina.Stark | present | 2 | Lamina.Core |
        | Lamina.L1 | present | 4 | Lamina.Core, Lamina.Consensus, Lamina.Stark? |
        <!-- project-references:end -->
        <!-- independent-projects:begin -->
        - Lamina.Consensus
        - Lamina.DataAvailability
        - Lamina.Stark
        <!-- independent-projects:end -->
        <!-- file-size-exceptions:begin -->
        | File | Max lines | Reason |
        | --- | --- | --- |
        | src/Lamina.L1/Big.cs | 500 | being split |
        <!-- file-size-exceptions:end -->
        """;

    private static readonly ArchitectureDoc Doc = ArchitectureDoc.Parse(Sample);

    private static Dictionary<string, IReadOnlySet<string>> Tree(params (string Name, string[] Refs)[] projects) =>
        projects.ToDictionary(p => p.Name, p => (IReadOnlySet<string>)p.Refs.ToHashSet(), StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlySet<string>> GoodTree() => Tree(
        ("Lamina.Core", []), ("Lamina.Consensus", ["Lamina.Core"]), ("Lamina.Stark", ["Lamina.Core"]), ("Lamina.L1", ["Lamina.Core", "Lamina.Consensus"]));

    [Fact]
    public void A_matching_tree_passes_with_a_planned_project_absent_and_an_optional_reference_unused()
    {
        Assert.Empty(LayeringRules.CheckProjects(Doc, GoodTree()));
        Assert.True(Doc.Projects["Lamina.DataAvailability"].Planned);
        Assert.Equal(["Lamina.Stark"], Doc.Projects["Lamina.L1"].Optional);
    }

    [Fact]
    public void An_undocumented_project_or_reference_and_a_missing_required_reference_are_reported()
    {
        var tree = GoodTree();
        tree["Lamina.Extra"] = new HashSet<string>();
        tree["Lamina.Consensus"] = new HashSet<string>();
        tree["Lamina.L1"] = new HashSet<string> { "Lamina.Core", "Lamina.Consensus", "Lamina.Extra" };
        var problems = LayeringRules.CheckProjects(Doc, tree);
        Assert.Contains(problems, p => p.StartsWith("src/Lamina.Extra has no row", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lamina.Consensus does not reference Lamina.Core", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lamina.L1 references Lamina.Extra", StringComparison.Ordinal));
    }

    [Fact]
    public void A_planned_project_that_appears_and_a_present_one_that_is_gone_are_reported()
    {
        var tree = GoodTree();
        tree.Remove("Lamina.Stark");
        tree["Lamina.DataAvailability"] = new HashSet<string> { "Lamina.Core" };
        var problems = LayeringRules.CheckProjects(Doc, tree);
        Assert.Contains(problems, p => p.Contains("src/Lamina.DataAvailability exists but its row says planned", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lists Lamina.Stark as present", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dependency_between_independent_projects_is_reported_even_through_another_project()
    {
        var direct = GoodTree();
        direct["Lamina.Stark"] = new HashSet<string> { "Lamina.Core", "Lamina.Consensus" };
        Assert.Contains(LayeringRules.CheckProjects(Doc, direct), p => p.StartsWith("Lamina.Stark depends on Lamina.Consensus in src", StringComparison.Ordinal));

        var throughCore = GoodTree();
        throughCore["Lamina.Core"] = new HashSet<string> { "Lamina.Stark" };
        Assert.Contains(LayeringRules.CheckProjects(Doc, throughCore), p => p.StartsWith("Lamina.Consensus depends on Lamina.Stark in src", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_that_lets_a_project_reference_its_own_layer_or_above_is_reported()
    {
        var upward = ArchitectureDoc.Parse(Sample.Replace("| Lamina.Stark | present | 2 | Lamina.Core |", "| Lamina.Stark | present | 2 | Lamina.Core, Lamina.DataAvailability? |", StringComparison.Ordinal));
        var problems = LayeringRules.CheckProjects(upward, GoodTree());
        Assert.Contains(problems, p => p.StartsWith("Lamina.Stark (layer 2) may reference Lamina.DataAvailability (layer 2)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lamina.Stark depends on Lamina.DataAvailability in docs/architecture.md", StringComparison.Ordinal));
    }

    [Fact]
    public void Oversized_files_grown_exceptions_and_stale_exceptions_are_reported()
    {
        Assert.Empty(LayeringRules.CheckFileSizes(Doc, new Dictionary<string, int> { ["src/Lamina.L1/Big.cs"] = 450, ["src/Lamina.Core/Small.cs"] = 400 }));
        var problems = LayeringRules.CheckFileSizes(Doc, new Dictionary<string, int> { ["src/Lamina.L1/Big.cs"] = 501, ["src/Lamina.Core/Other.cs"] = 401 });
        Assert.Contains(problems, p => p.StartsWith("src/Lamina.L1/Big.cs has 501 lines; its exception", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("src/Lamina.Core/Other.cs has 401 lines, over the 400-line limit", StringComparison.Ordinal));
        Assert.Contains(LayeringRules.CheckFileSizes(Doc, new Dictionary<string, int> { ["src/Lamina.L1/Big.cs"] = 380 }), p => p.Contains("delete its file-size exception", StringComparison.Ordinal));
        Assert.Contains(LayeringRules.CheckFileSizes(Doc, new Dictionary<string, int>()), p => p.Contains("does not exist: delete its row", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("| Lamina.Stark | present | 2 | Lamina.Core |", "| Lamina.Stark | maybe | 2 | Lamina.Core |", "must be present or planned")]
    [InlineData("| Lamina.Stark | present | 2 | Lamina.Core |", "| Lamina.Stark | present | two | Lamina.Core |", "must be a non-negative integer")]
    [InlineData("| Lamina.Stark | present | 2 | Lamina.Core |", "| Lamina.Stark | present | 2 |", "cells, expected 4")]
    [InlineData("| src/Lamina.L1/Big.cs | 500 | being split |", "| src/Lamina.L1/Big.cs | 500 |  |", "needs a reason")]
    [InlineData("<!-- independent-projects:end -->", "", "no <!-- independent-projects:begin -->")]
    public void Malformed_tables_are_refused_not_skipped(string from, string to, string message)
    {
        var e = Assert.Throws<FormatException>(() => ArchitectureDoc.Parse(Sample.Replace(from, to, StringComparison.Ordinal)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_ending_in_a_period_is_reported_and_the_house_style_is_not()
    {
        string[] lines =
        [
            "throw new ArgumentException(\"Depth must be in 1..64.\", nameof(depth));",
            "throw new InvalidBlockException(BlockError.BadTxRoot, $\"block {h} has {n} transactions.\");",
            "throw new ArgumentException(\"depth must be in 1..64\", nameof(depth));",
            "// throw new ArgumentException(\"Old style.\");",
        ];
        var problems = ErrorMessageStyle.Check([("src/X.cs", lines)]);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("src/X.cs:1: exception message \"Depth must be in 1..64.\"", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("src/X.cs:2:", problems[1], StringComparison.Ordinal);
    }
}
