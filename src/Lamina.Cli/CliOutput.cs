using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>
/// How commands print: tables for people, or with --json one JSON document per command on stdout, in the shape the
/// node's JSON-RPC uses (raw values: epoch-millisecond times, decimal-string amounts), for scripts. Tables never wrap
/// when stdout is a file or a pipe, so hashes and addresses stay whole.
/// </summary>
public static class CliOutput
{
    /// <summary>On the root command and inherited by every subcommand.</summary>
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print the result as one JSON document (stable field names, raw values) instead of tables",
        Recursive = true,
    };

    public static bool Json { get; private set; }

    /// <summary>Call once, after parsing and before any output.</summary>
    public static void Configure(ParseResult parse)
    {
        Json = parse.GetValue(JsonOption);
        // Spectre falls back to 80 columns without a terminal and wraps cells; a file or pipe has no width at all.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 1 << 14;
    }

    /// <summary>Prints <paramref name="data"/> as JSON in --json mode, else runs <paramref name="human"/>.</summary>
    public static void Write(JsonNode? data, Action human)
    {
        // One line per document, so line-based tools (and jq) can read it as it comes.
        if (Json) Console.Out.WriteLine(data?.ToJsonString() ?? "null");
        else human();
    }

    /// <summary>A progress or status line: shown to people, and on stderr in --json mode so stdout stays one document.</summary>
    public static void Info(string markup)
    {
        if (Json) Console.Error.WriteLine(Markup.Remove(markup));
        else AnsiConsole.MarkupLine(markup);
    }

    /// <summary>A field/value table of a JSON object; epoch-millisecond times are shown as ISO 8601 UTC.</summary>
    public static Table KeyValues(JsonObject obj)
    {
        var table = new Table().AddColumns("field", "value");
        foreach (var (k, v) in obj)
        {
            if (v is JsonArray arr) table.AddRow(Markup.Escape(k), $"{arr.Count} items");
            else if (v is JsonObject nested) table.AddRow(Markup.Escape(k), Markup.Escape(Summary(nested)));
            else table.AddRow(Markup.Escape(k), Markup.Escape(IsTimeField(k) ? Time(v) : v?.ToString() ?? "null"));
        }
        return table;
    }

    /// <summary>A nested object on one short line: its scalar fields, and a count for each list (--json has it all).</summary>
    private static string Summary(JsonObject obj)
        => string.Join(", ", obj.Select(p => p.Value is JsonArray a ? $"{p.Key}: {a.Count} items" : p.Value is JsonObject ? $"{p.Key}: {{…}}" : $"{p.Key} {p.Value}"));

    private static bool IsTimeField(string name) => name is "time" or "timeMs" or "genesisTime" || name.EndsWith("TimeMs", StringComparison.Ordinal);

    /// <summary>Epoch milliseconds as ISO 8601 UTC (2026-12-06T11:20:00.123Z); anything else as it is.</summary>
    public static string Time(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<long>(out var ms) && ms >= 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        return value?.ToString() ?? "null";
    }
}
