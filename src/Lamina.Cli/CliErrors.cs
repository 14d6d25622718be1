using Lamina.Core.Codec;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.Node;
using Lamina.Node.Rpc;
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

    public static void Fail(string message) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
