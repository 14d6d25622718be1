using CsCheck;

namespace Lamina.Fuzz.Tests;

/// <summary>
/// Every fuzz target, in process, against (a) its valid seeds, (b) every single-byte mutation and truncation of each
/// seed (bounded for large seeds), and (c) 20,000 seeded CsCheck inputs — half raw random bytes, half stacked
/// mutations of seeds. A target only lets out exceptions that are bugs, so "does not throw" is the whole assertion.
/// </summary>
public sealed class FuzzTargetTests
{
    /// <summary>Inputs per target from the fixed stream, and as many again from the stream of this build's commit.</summary>
    private const int RandomInputs = 10_000;

    /// <summary>Above this many positions a seed's single-byte mutations are taken at a stride, to bound the run time.</summary>
    private const int MaxPositionsPerSeed = 1_200;

    public static TheoryData<string> Targets() => [.. FuzzTargets.Table.Keys];

    private static void Run(string target, byte[] input, string? replay = null)
    {
        try
        {
            FuzzTargets.Table[target](input);
        }
        catch (Exception e)
        {
            var saved = CommitSeed.SaveCrash(target, input);
            Assert.Fail($"{target} crashed on {input.Length} bytes {Convert.ToHexStringLower(input)}\n  saved to {saved}; replay with: Lamina.Fuzz repro {target} {saved}" +
                (replay is null ? "" : $"\n  {replay}") + $"\n{e}");
        }
    }

    [Fact]
    public void Every_target_has_seeds_and_a_description()
    {
        foreach (var name in FuzzTargets.Table.Keys)
        {
            Assert.NotEmpty(Seeds.For(name));
            Assert.False(string.IsNullOrWhiteSpace(FuzzTargets.Descriptions[name]));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seeds_are_accepted(string target)
    {
        foreach (var seed in Seeds.For(target)) Run(target, seed);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Single_byte_mutations_and_truncations(string target)
    {
        foreach (var seed in Seeds.For(target))
        {
            var stride = Math.Max(1, seed.Length / MaxPositionsPerSeed);
            for (var at = 0; at < seed.Length; at += stride)
            {
                var original = seed[at];
                foreach (var value in new[] { (byte)(original ^ 0xFF), (byte)(original ^ 0x01), (byte)(original + 1), (byte)(original - 1), (byte)0x00, (byte)0xFF, (byte)0x80, (byte)'"', (byte)'\\' })
                {
                    if (value == original) continue;
                    var mutant = (byte[])seed.Clone();
                    mutant[at] = value;
                    Run(target, mutant);
                }
                Run(target, seed[..at]);
                Run(target, [.. seed[..at], .. seed[(at + 1)..]]);
            }
            Run(target, [.. seed, 0x00]);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Random_inputs(string target)
    {
        var seeds = Seeds.For(target);
        var dictionary = Mutator.DictionaryFor(target);
        var raw = Gen.Byte.Array[0, 512];
        var mutants = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int, Gen.Int[1, 8],
            (seed, state, rounds) => new Mutator(new Random(state), seeds, dictionary).Mutate(seeds[seed], rounds));
        var inputs = Gen.Frequency((1, raw), (1, mutants));
        // A fixed PCG stream and seed per target: the same inputs on every run, so a failure reproduces.
        var pcg = new PCG((uint)target.Length, (ulong)StableHash(target));
        for (var i = 0; i < RandomInputs; i++) Run(target, inputs.Generate(pcg, null, out _));
        // And a stream seeded by the commit (or LAMINA_FUZZ_SEED), so every CI run explores inputs no run tried before.
        var seed = CommitSeed.Value;
        var fresh = new PCG((uint)target.Length, seed ^ (ulong)StableHash(target));
        var replay = $"the commit-seeded stream; rerun it with LAMINA_FUZZ_SEED={seed} dotnet test fuzz/Lamina.Fuzz.Tests --filter Random_inputs";
        for (var i = 0; i < RandomInputs; i++) Run(target, inputs.Generate(fresh, null, out _), replay);
    }

    private static long StableHash(string text)
    {
        long h = 1469598103934665603;
        foreach (var c in text) h = (h ^ c) * 1099511628211;
        return h;
    }
}
