using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.Node.Rpc;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>Signs a transaction with the next nonce and current fees, submits it and waits until it is final.</summary>
public static class TxSender
{
    public static async Task<int> SendAsync(LaminaRpcClient client, SigningKey key, TxPayload payload, ulong tip, ulong? maxFee, bool wait, CancellationToken ct)
    {
        var chainId = (await client.CallAsync("l1_chainId"))!.GetValue<string>();
        var account = await client.CallAsync("l1_getAccount", key.Address.ToString());
        var nonce = account!["pendingNonce"]!.GetValue<ulong>();
        var fees = await client.CallAsync("l1_feeInfo");
        var baseFee = fees!["baseFeePerGas"]!.GetValue<ulong>();
        var max = maxFee ?? checked(baseFee * 2 + tip);
        var tx = Transaction.Create(key, chainId, nonce, max, tip, payload.IntrinsicGas, payload);
        var hash = (await client.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded)))!.GetValue<string>();
        var result = new JsonObject
        {
            ["hash"] = hash,
            ["kind"] = payload.Kind.ToString().ToLowerInvariant(),
            ["from"] = key.Address.ToString(),
            ["nonce"] = nonce,
            ["status"] = "accepted",
        };
        CliOutput.Info($"[green]Accepted[/] {hash} ({payload.Kind.ToString().ToLowerInvariant()}, nonce {nonce}, from {key.Address})");
        if (!wait)
        {
            if (CliOutput.Json) CliOutput.Write(result, () => { });
            return 0;
        }

        JsonNode? receipt = null;
        async Task Poll()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                receipt = await client.CallAsync("l1_getTransaction", hash);
                if (receipt?["status"]?.GetValue<string>() == "included" && receipt["finalized"]?.GetValue<bool>() == true) return;
                await Task.Delay(100, ct);
            }
        }
        if (CliOutput.Json) await Poll();
        else await AnsiConsole.Status().StartAsync("Waiting for the transaction to be final…", _ => Poll());
        if (receipt?["status"]?.GetValue<string>() != "included")
        {
            CliErrors.Fail($"{hash} was not included within 60 s; check it later with 'lamina query tx {hash}'");
            return 1;
        }
        result["status"] = "final";
        result["blockHeight"] = receipt["blockHeight"]!.DeepClone();
        result["index"] = receipt["index"]!.DeepClone();
        result["receipt"] = receipt["receipt"]!.DeepClone();
        CliOutput.Write(result, () =>
        {
            var table = new Table().AddColumns("tx", "block", "index", "gas", "price", "burned", "tip");
            table.AddRow(hash, receipt["blockHeight"]!.ToString(), receipt["index"]!.ToString(), receipt["receipt"]!["gasUsed"]!.ToString(),
                receipt["receipt"]!["effectiveGasPrice"]!.ToString(), receipt["receipt"]!["burned"]!.ToString(), receipt["receipt"]!["tip"]!.ToString());
            AnsiConsole.Write(table);
        });
        return 0;
    }
}
