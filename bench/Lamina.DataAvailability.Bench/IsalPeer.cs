using System.Diagnostics;
using System.Globalization;

namespace Lamina.DataAvailability.Bench;

/// <summary>Runs the compiled ISA-L harness (isal/isal_rs, built by isal/build-isal-harness.sh) and reads its figures.</summary>
internal static class IsalPeer
{
    public static string HarnessPath => Path.Combine(AppContext.BaseDirectory, "isal", "isal_rs");

    public static bool Available => File.Exists(HarnessPath);

    public static Dictionary<string, double> Run(int k, int m, int shardBytes, double seconds)
    {
        var info = new ProcessStartInfo(HarnessPath, $"{k} {m} {shardBytes} {seconds.ToString(CultureInfo.InvariantCulture)}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the ISA-L harness");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ISA-L harness failed: {error}");
        var figures = new Dictionary<string, double>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            figures[parts[0]] = double.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        return figures;
    }
}
