using System.CommandLine;
using System.Globalization;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;
using Lamina.Node.Rpc;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static class TransferCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "Recipient address (0x + 40 hex digits)", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount in base units (decimal integer)", Required = true };
        var rpc = new Option<string?>("--rpc") { Description = "Node RPC URL (default: the devnet's first node)" };
        var keyFile = new Option<string?>("--key") { Description = "Sender key file (default: the devnet's dev-0 key)" };
        var tip = new Option<ulong>("--tip") { Description = "Priority fee per gas for the proposer", DefaultValueFactory = _ => 2 };
        var maxFee = new Option<ulong?>("--max-fee") { Description = "Max fee per gas (default: twice the next base fee plus the tip)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the node accepts the transaction" };
        var command = new Command("transfer", "Send a signed transfer and wait until it is final") { to, amount, rpc, keyFile, tip, maxFee, noWait };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            if (!Address.TryParse(parse.GetValue(to), out var recipient)) throw new FormatException("--to must be a 20-byte hex address (0x + 40 hex digits)");
            if (!UInt128.TryParse(parse.GetValue(amount), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) throw new FormatException("--amount must be a non-negative decimal integer");
            using var key = KeyFile.Read(parse.GetValue(keyFile) ?? Defaults.DevKey);
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)));

            var chainId = (await client.CallAsync("l1_chainId"))!.GetValue<string>();
            var account = await client.CallAsync("l1_getAccount", key.Address.ToString());
            var nonce = account!["pendingNonce"]!.GetValue<ulong>();
            var fees = await client.CallAsync("l1_feeInfo");
            var baseFee = fees!["baseFeePerGas"]!.GetValue<ulong>();
            var tipPerGas = parse.GetValue(tip);
            var max = parse.GetValue(maxFee) ?? checked(baseFee * 2 + tipPerGas);
            var tx = Transaction.Create(key, chainId, nonce, max, tipPerGas, TransferPayload.Gas, new TransferPayload(recipient, value));
            var hash = (await client.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded)))!.GetValue<string>();
            AnsiConsole.MarkupLine($"[green]Accepted[/] {hash} (nonce {nonce}, from {key.Address})");
            if (parse.GetValue(noWait)) return 0;

            System.Text.Json.Nodes.JsonNode? receipt = null;
            await AnsiConsole.Status().StartAsync("Waiting for the transaction to be final…", async _ =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline)
                {
                    receipt = await client.CallAsync("l1_getTransaction", hash);
                    if (receipt?["status"]?.GetValue<string>() == "included" && receipt["finalized"]?.GetValue<bool>() == true) return;
                    await Task.Delay(100, ct);
                }
            });
            if (receipt?["status"]?.GetValue<string>() != "included")
            {
                CliErrors.Fail($"{hash} was not included within 60 s; check it later with 'lamina query tx {hash}'");
                return 1;
            }
            var table = new Table().AddColumns("tx", "block", "index", "gas", "price", "burned", "tip");
            table.AddRow(hash, receipt["blockHeight"]!.ToString(), receipt["index"]!.ToString(), receipt["receipt"]!["gasUsed"]!.ToString(),
                receipt["receipt"]!["effectiveGasPrice"]!.ToString(), receipt["receipt"]!["burned"]!.ToString(), receipt["receipt"]!["tip"]!.ToString());
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
