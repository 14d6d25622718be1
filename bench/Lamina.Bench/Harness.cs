using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lamina.Bench;

/// <summary>Stopwatch timing with warm-up and medians, and a plain-text table printer.</summary>
internal static class Harness
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs <paramref name="body"/> <paramref name="warmup"/> times untimed, then returns the seconds of each timed run.</summary>
    public static double[] Time(int warmup, int iterations, Action body)
    {
        for (var i = 0; i < warmup; i++) body();
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            body();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        return times;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Rate(double perSecond) => perSecond switch
    {
        >= 1e6 => (perSecond / 1e6).ToString("0.00", Inv) + " M/s",
        >= 1e3 => (perSecond / 1e3).ToString("0.0", Inv) + " k/s",
        _ => perSecond.ToString("0.0", Inv) + " /s",
    };

    public static string Ms(double seconds) => (seconds * 1e3).ToString("0.00", Inv) + " ms";
    public static string Us(double seconds) => (seconds * 1e6).ToString("0.00", Inv) + " µs";
    public static string F(double value, string format = "0.00") => value.ToString(format, Inv);
    public static string Pct(double fraction) => (fraction * 100).ToString("0.0", Inv) + " %";

    public static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>A table printed as aligned plain text (and valid Markdown).</summary>
internal sealed class Table(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Print()
    {
        var widths = new int[headers.Length];
        for (var c = 0; c < headers.Length; c++)
        {
            widths[c] = headers[c].Length;
            foreach (var r in _rows) widths[c] = Math.Max(widths[c], c < r.Length ? r[c].Length : 0);
        }
        var sb = new StringBuilder();
        sb.AppendLine().AppendLine("### " + title).AppendLine();
        void Line(IReadOnlyList<string> cells)
        {
            sb.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = c < cells.Count ? cells[c] : "";
                sb.Append(' ').Append(c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])).Append(" |");
            }
            sb.AppendLine();
        }
        Line(headers);
        sb.Append('|');
        for (var c = 0; c < widths.Length; c++) sb.Append(c == 0 ? new string('-', widths[c] + 2) : new string('-', widths[c] + 1) + ":").Append('|');
        sb.AppendLine();
        foreach (var r in _rows) Line(r);
        Console.Write(sb.ToString());
    }
}
