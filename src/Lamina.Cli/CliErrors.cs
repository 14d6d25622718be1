using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.Node;
using Lamina.Node.Rpc;
using Lamina.Storage;
using System.CommandLine;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>Turns the typed errors of every layer into one red line saying what went wrong and what to do; exit code 1.</summary>
public static class CliErrors
{
    public static async Task<int> Run(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ConfigException or GenesisException or StorageException or CorruptStoreException or CodecException or FormatException or IOException)
        {
            Fail(e.Message);
            return 1;
        }
        catch (RpcException e)
        {
            var reason = e.ErrorData?["reason"]?.ToString();
            Fail(reason is null ? $"RPC error {e.Code}: {e.Message}" : $"rejected ({reason}): {e.Message}");
            return 1;
        }
    }

    private static readonly IAnsiConsole Stderr = CreateStderr();

    private static IAnsiConsole CreateStderr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) console.Profile.Width = 1 << 14; // one line per error in logs and pipes
        return console;
    }

    /// <summary>One red line on stderr, so stdout holds only data (and --json output stays parseable).</summary>
    public static void Fail(string message) => Stderr.MarkupLine($"[red]error:[/] {Markup.Escape(Sentence(message))}");

    /// <summary>
    /// Messages are built from other messages ("cannot read X: {inner}; do Y"), and .NET's own end with a period:
    /// drop the period before a semicolon, and end the line without one.
    /// </summary>
    public static string Sentence(string message)
    {
        var text = message.Replace(".;", ";", StringComparison.Ordinal).Replace(". ;", ";", StringComparison.Ordinal).Trim();
        return text.EndsWith('.') && !text.EndsWith("..", StringComparison.Ordinal) ? text[..^1] : text;
    }

    /// <summary>
    /// A command line System.CommandLine could not parse: one line per problem and a pointer to --help, instead of the
    /// whole help text. Its messages name .NET types ("as expected type 'System.UInt64'"); say what is expected instead.
    /// </summary>
    public static int ParseFailed(ParseResult parse)
    {
        foreach (var error in parse.Errors) Fail(FriendlyParseError(error.Message));
        var names = new List<string>();
        for (var r = parse.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
        Stderr.MarkupLine($"[grey]see 'lamina {Markup.Escape(string.Concat(names.Select(n => n + " ")))}--help'[/]");
        return 1;
    }

    public static string FriendlyParseError(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.+)'");
        if (!m.Success) return message;
        var expected = m.Groups[3].Value switch
        {
            var t when t.Contains("UInt", StringComparison.Ordinal) || t.Contains("Byte", StringComparison.Ordinal) => "a non-negative whole number",
            var t when t.Contains("Int", StringComparison.Ordinal) => "a whole number",
            var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a valid value",
        };
        return $"{m.Groups[2].Value} must be {expected}, not '{m.Groups[1].Value}'";
    }
}
