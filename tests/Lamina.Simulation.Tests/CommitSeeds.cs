using System.Diagnostics;
using System.Globalization;

namespace Lamina.Simulation.Tests;

/// <summary>
/// The first seed of CI's rolling batch: derived from the commit under test, so every commit explores seeds no run
/// has tried, while a failure still names its seed and replays exactly with LAMINA_SIM_SEED.
/// </summary>
internal static class CommitSeeds
{
    /// <summary>Used when git or the repository is unavailable (a source tarball, a sandbox).</summary>
    public const ulong Fallback = 1_000_000;

    public static (ulong FirstSeed, string Source) FirstSeed { get; } = Derive();

    private static (ulong, string) Derive()
    {
        var head = GitHead();
        if (head is null || head.Length < 16 || !ulong.TryParse(head.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var word))
        {
            return (Fallback, "fallback (git unavailable)");
        }
        // Seeds 1..10^9 stay clear of the fixed ranges CI and past sweeps used (all below 10^6 + 10^5).
        return (2_000_000 + word % 1_000_000_000, $"commit {head[..12]}");
    }

    private static string? GitHead()
    {
        try
        {
            var psi = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            using var git = Process.Start(psi);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5_000) && git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
