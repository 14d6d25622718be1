using System.CommandLine;
using Lamina.Core;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "Read the chain over RPC");
        command.Subcommands.Add(Head());
        command.Subcommands.Add(BlockCmd());
        command.Subcommands.Add(AccountCmd());
        command.Subcommands.Add(TxCmd());
        command.Subcommands.Add(ValidatorCmd());
        command.Subcommands.Add(ValidatorsCmd());
        return command;
    }

    private static Option<string?> RpcOption() => new("--rpc") { Description = "Node RPC URL (default: the devnet's first node)" };

    private static Address ParseAddress(string? text)
        => Address.TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an address (0x + 40 hex digits)");

    private static Command Head()
    {
        var rpc = RpcOption();
        var cmd = new Command("head", "The newest block and the finalized height") { rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var head = (await client.GetHeadAsync()).Json;
            CliOutput.Write(head, () => AnsiConsole.Write(CliOutput.KeyValues(head)));
            return 0;
        }));
        return cmd;
    }

    private static Command BlockCmd()
    {
        var rpc = RpcOption();
        var id = new Argument<string>("block") { Description = "Height or 0x block hash (default: head)", DefaultValueFactory = _ => "" };
        var cmd = new Command("block", "A block's header and transactions") { id, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var which = parse.GetValue(id)!;
            var view = which.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? await client.GetBlockAsync(Hash256.TryParse(which, out var hash) ? hash : throw new FormatException("block must be a height or a 0x hash (0x + 64 hex digits)"), full: true)
                : await client.GetBlockAsync(which.Length == 0 ? (await client.GetHeadAsync()).Height
                    : ulong.TryParse(which, out var h) ? h : throw new FormatException("block must be a height or a 0x hash"), full: true);
            CliOutput.Write(view.Json, () =>
            {
                AnsiConsole.Write(CliOutput.KeyValues(view.Json));
                if (view.Transactions.Count > 0)
                {
                    var table = new Table().AddColumns("hash", "kind", "from", "to", "amount", "nonce");
                    foreach (var tx in view.Transactions)
                    {
                        table.AddRow(tx.Hash.ToString(), tx.Kind ?? "", tx.From?.ToString() ?? "", tx.To?.ToString() ?? "", tx.Amount?.ToString() ?? "", tx.Nonce?.ToString() ?? "");
                    }
                    AnsiConsole.Write(table);
                }
            });
            return 0;
        }));
        return cmd;
    }

    private static Command AccountCmd()
    {
        var rpc = RpcOption();
        var address = new Argument<string>("address") { Description = "Account address (0x + 40 hex digits)" };
        var height = new Option<ulong?>("--height") { Description = "Read the state at this height (default: head)" };
        var cmd = new Command("account", "An account's balance and nonce") { address, height, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var account = (await client.GetAccountAsync(ParseAddress(parse.GetValue(address)), parse.GetValue(height))).Json;
            CliOutput.Write(account, () => AnsiConsole.Write(CliOutput.KeyValues(account)));
            return 0;
        }));
        return cmd;
    }

    private static Command TxCmd()
    {
        var rpc = RpcOption();
        var hash = new Argument<string>("hash") { Description = "Transaction hash" };
        var cmd = new Command("tx", "A transaction with its receipt") { hash, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var text = parse.GetValue(hash);
            var result = await client.GetTransactionAsync(Hash256.TryParse(text, out var h) ? h : throw new FormatException($"'{text}' is not a transaction hash (0x + 64 hex digits)"));
            if (result is null)
            {
                CliErrors.Fail("no such transaction (neither pending nor included)");
                return 1;
            }
            CliOutput.Write(result.Json, () => AnsiConsole.Write(CliOutput.KeyValues(result.Json)));
            return 0;
        }));
        return cmd;
    }

    private static Command ValidatorCmd()
    {
        var rpc = RpcOption();
        var address = new Argument<string>("address") { Description = "Validator operator address" };
        var cmd = new Command("validator", "A validator's stake, jail status and unbonding entries") { address, rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var result = await client.GetValidatorAsync(ParseAddress(parse.GetValue(address)));
            if (result is null)
            {
                CliErrors.Fail("this address has never staked");
                return 1;
            }
            CliOutput.Write(result.Json, () => AnsiConsole.Write(CliOutput.KeyValues(result.Json)));
            return 0;
        }));
        return cmd;
    }

    private static Command ValidatorsCmd()
    {
        var rpc = RpcOption();
        var cmd = new Command("validators", "The validator set that signs the next block") { rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var result = await client.GetValidatorsAsync();
            CliOutput.Write(result.Json, () =>
            {
                var table = new Table().AddColumns("address", "power");
                foreach (var v in result.Validators) table.AddRow(v.Address.ToString(), v.Power.ToString());
                AnsiConsole.MarkupLine($"height {result.Height}, total power {result.TotalPower}, set {result.Hash}");
                AnsiConsole.Write(table);
            });
            return 0;
        }));
        return cmd;
    }
}
