using System.Globalization;
using System.Reflection;

namespace Lamina.Fuzz.Tests;

/// <summary>
/// The seed of the CI fuzz pass's second stream: LAMINA_FUZZ_SEED when set (to replay a run), else the first 16 hex
/// digits of the commit this assembly was built from (the SDK writes it into the informational version), so each
/// commit explores inputs no earlier run tried, while a failure on a commit reproduces on that commit.
/// </summary>
public static class CommitSeed
{
    public static ulong Value { get; } = Compute();

    private static ulong Compute()
    {
        var fromEnv = Environment.GetEnvironmentVariable("LAMINA_FUZZ_SEED");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return ulong.Parse(fromEnv, CultureInfo.InvariantCulture);
        var version = typeof(CommitSeed).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+');
        var commit = plus < 0 ? "" : version[(plus + 1)..];
        return commit.Length >= 16 && ulong.TryParse(commit[..16], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : 0x1a31_2026_1206UL; // a build outside git: a fixed stream still runs
    }

    /// <summary>Saves a crashing input as `smoke` does (fuzz/crashes/&lt;target&gt;/crash-&lt;hash&gt;), for `Lamina.Fuzz repro`.</summary>
    public static string SaveCrash(string target, byte[] input)
    {
        var root = FindFuzzDirectory() ?? AppContext.BaseDirectory;
        var dir = Path.Combine(root, "crashes", target);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "crash-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..16]);
        File.WriteAllBytes(file, input);
        return file;
    }

    private static string? FindFuzzDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "Lamina.Fuzz")) && Directory.Exists(Path.Combine(dir.FullName, "Lamina.Fuzz.Tests"))) return dir.FullName;
        }
        return null;
    }
}
