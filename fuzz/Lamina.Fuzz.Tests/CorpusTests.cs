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

    /// <summary>
    /// The committed corpus is exactly what the generator writes today: the generator is deterministic, so a difference
    /// means a format or a default changed and the seeds went stale (as node-config's did when blobStoreMaxBytes arrived).
    /// </summary>
    [Fact]
    public void Committed_seeds_match_the_generator_byte_for_byte()
    {
        var corpus = Path.Combine(FuzzDirectory(), "corpus");
        var stale = new List<string>();
        foreach (var name in FuzzTargets.Table.Keys)
        {
            var seeds = Seeds.For(name);
            var committed = Directory.Exists(Path.Combine(corpus, name))
                ? Directory.GetFiles(Path.Combine(corpus, name), "seed-*").Order(StringComparer.Ordinal).ToArray()
                : [];
            if (committed.Length != seeds.Count) { stale.Add($"{name} ({committed.Length} files, {seeds.Count} seeds)"); continue; }
            for (var i = 0; i < seeds.Count; i++)
            {
                if (!File.ReadAllBytes(committed[i]).AsSpan().SequenceEqual(seeds[i])) stale.Add(Path.GetFileName(committed[i]) + " of " + name);
            }
        }
        Assert.True(stale.Count == 0, $"stale seeds: {string.Join(", ", stale)}; run `dotnet fuzz/Lamina.Fuzz/bin/Release/net10.0/Lamina.Fuzz.dll write-corpus` and commit fuzz/corpus");
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
