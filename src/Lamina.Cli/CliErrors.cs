using Lamina.Client;
using Lamina.Client.Keys;
using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.Node;
using Lamina.Storage;
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
            or IOException or KeyFileException or RpcClientException)
        {
            Fail(e.Message);
            return 1;
        }
        catch (RpcException e)
        {
            Fail(e.Reason is { } reason ? $"rejected ({reason}): {e.Message}" : $"RPC error {e.Code}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Every expected failure is typed above; this is a bug in lamina. Still one line, never a stack trace.
            Fail($"internal error, please report it with the command you ran: {e.Message}");
            return 1;
        }
    }

    public static void Fail(string message) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
