using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>Signs a transaction with the next nonce and current fees, submits it and waits until it is final.</summary>
public static class TxSender
{
    public static async Task<int> SendAsync(LaminaRpcClient client, SigningKey key, TxPayload payload, ulong tip, ulong? maxFee, bool wait, CancellationToken ct)
    {
        var chainId = await client.GetChainIdAsync(ct);
        var nonce = (await client.GetAccountAsync(key.Address, cancellation: ct)).PendingNonce;
        var baseFee = (await client.GetFeeInfoAsync(ct)).BaseFeePerGas;
        var max = maxFee ?? checked(baseFee * 2 + tip);
        var tx = Transaction.Create(key, chainId, nonce, max, tip, payload.IntrinsicGas, payload);
        var hash = (await client.SendTransactionAsync(tx.Encoded, ct)).ToString();
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

        var waiting = client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60), cancellation: ct);
        var final = CliOutput.Json ? await waiting : await AnsiConsole.Status().StartAsync("Waiting for the transaction to be final…", _ => waiting);
        if (final is not { IsIncluded: true, Receipt: not null })
        {
            CliErrors.Fail($"{hash} was not included within 60 s; check it later with 'lamina query tx {hash}'");
            return 1;
        }
        result["status"] = "final";
        result["blockHeight"] = final.BlockHeight;
        result["index"] = final.Index;
        result["receipt"] = final.Json["receipt"]!.DeepClone();
        CliOutput.Write(result, () =>
        {
            var receipt = final.Receipt;
            var table = new Table().AddColumns("tx", "block", "index", "gas", "price", "burned", "tip");
            table.AddRow(hash, final.BlockHeight?.ToString() ?? "", final.Index?.ToString() ?? "", receipt.GasUsed.ToString(),
                receipt.EffectiveGasPrice.ToString(), receipt.Burned.ToString(), receipt.Tip.ToString());
            AnsiConsole.Write(table);
        });
        return 0;
    }
}
