using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Node.Rpc;
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

    private static Command Head()
    {
        var rpc = RpcOption();
        var cmd = new Command("head", "The newest block and the finalized height") { rpc };
        cmd.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var head = (JsonObject)(await client.CallAsync("l1_head"))!;
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
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var which = parse.GetValue(id)!;
            object param = which.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? which
                : which.Length == 0 ? (await client.CallAsync("l1_head"))!["height"]!.GetValue<ulong>()
                : ulong.TryParse(which, out var h) ? h : throw new FormatException("block must be a height or a 0x hash");
            var block = (JsonObject)(await client.CallAsync("l1_getBlock", param, true))!;
            CliOutput.Write(block, () =>
            {
                AnsiConsole.Write(CliOutput.KeyValues(block));
                if (block["transactions"] is JsonArray { Count: > 0 } txs)
                {
                    var table = new Table().AddColumns("hash", "kind", "from", "to", "amount", "nonce");
                    foreach (var tx in txs)
                    {
                        table.AddRow(tx!["hash"]!.ToString(), tx["kind"]?.ToString() ?? "", tx["from"]!.ToString(), tx["to"]?.ToString() ?? "", tx["amount"]?.ToString() ?? "", tx["nonce"]!.ToString());
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
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var result = parse.GetValue(height) is { } h
                ? await client.CallAsync("l1_getAccount", parse.GetValue(address), h)
                : await client.CallAsync("l1_getAccount", parse.GetValue(address));
            var account = (JsonObject)result!;
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
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var result = await client.CallAsync("l1_getTransaction", parse.GetValue(hash));
            if (result is null)
            {
                CliErrors.Fail("no such transaction (neither pending nor included)");
                return 1;
            }
            CliOutput.Write(result, () => AnsiConsole.Write(CliOutput.KeyValues((JsonObject)result)));
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
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var result = await client.CallAsync("l1_getValidator", parse.GetValue(address));
            if (result is null)
            {
                CliErrors.Fail("this address has never staked");
                return 1;
            }
            CliOutput.Write(result, () => AnsiConsole.Write(CliOutput.KeyValues((JsonObject)result)));
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
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));
            var result = (await client.CallAsync("l1_validators"))!;
            CliOutput.Write(result, () =>
            {
                var table = new Table().AddColumns("address", "power");
                foreach (var v in result["validators"]!.AsArray()) table.AddRow(v!["address"]!.ToString(), v["power"]!.ToString());
                AnsiConsole.MarkupLine($"height {result["height"]}, total power {result["totalPower"]}, set {result["hash"]}");
                AnsiConsole.Write(table);
            });
            return 0;
        }));
        return cmd;
    }
}
