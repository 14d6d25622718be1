using Lamina.Client;
using Lamina.Client.Keys;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.Node;
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
        catch (Exception e) when (e is ConfigException or GenesisException or StorageException or CorruptStoreException or CodecException or FormatException
            or IOException or KeyFileException or L2.Zk.Wallet.ZkKeyFileException or TimeoutException or RpcClientException or L1.LightClient.LightClientException
            or DataAvailability.Nmt.InvalidNmtException or Core.Merkle.InvalidMerkleProofException)
        {
            Fail(e.Message);
            return 1;
        }
        catch (L2.Optimistic.L1Client.InvalidBlobDataException e)
        {
            Fail($"the DA node's answer does not prove the namespace's data ({e.Error}): {e.Message}");
            return 1;
        }
        catch (RpcException e)
        {
            // A module's typed error (the ZK module's AlreadyExited under RollupRejected) is what a user or script acts on.
            Fail(e.Reason is { } reason ? $"rejected ({reason}{(e.Detail is { } detail ? $": {detail}" : "")}): {e.Message}" : $"RPC error {e.Code}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Every expected failure is typed above; this is a bug in lamina. Still one line, never a stack trace.
            Fail($"internal error, please report it with the command you ran: {e.Message}");
            return 1;
        }
    }

    /// <summary>Made per line, over whatever Console.Error is now (a test, or a host, may redirect it).</summary>
    private static IAnsiConsole Stderr => CreateStderr();

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
