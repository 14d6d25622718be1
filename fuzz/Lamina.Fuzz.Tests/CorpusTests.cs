namespace Lamina.Fuzz.Tests;

/// <summary>
/// Every target has committed seeds under fuzz/corpus/&lt;target&gt;/, so a coverage-guided run (AFL++, libFuzzer)
/// of any target starts from valid inputs instead of from nothing.
/// </summary>
public class CorpusTests
{
    [Fact]
    public void Every_target_has_a_committed_seed_corpus()
    {
        var corpus = Path.Combine(FuzzDirectory(), "corpus");
        var missing = FuzzTargets.Table.Keys
            .Where(name => !Directory.Exists(Path.Combine(corpus, name)) || Directory.GetFiles(Path.Combine(corpus, name), "seed-*").Length == 0)
            .ToList();
        Assert.True(missing.Count == 0, $"no seeds in fuzz/corpus for {string.Join(", ", missing)}; run `Lamina.Fuzz write-corpus` and commit fuzz/corpus");
    }

    private static string FuzzDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "Lamina.Fuzz")) && Directory.Exists(Path.Combine(dir.FullName, "corpus"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no fuzz directory above {AppContext.BaseDirectory}");
    }
}
