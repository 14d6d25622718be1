using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>
/// Signs a transaction with current fees and a free nonce, submits it and waits until it is final. The nonce comes from
/// Lamina.Client's <see cref="TransactionSender"/>, so concurrent sends from one key (two `lamina da post` at once)
/// take distinct nonces instead of colliding.
/// </summary>
public static class TxSender
{
    public static async Task<int> SendAsync(LaminaRpcClient client, SigningKey key, TxPayload payload, ulong tip, ulong? maxFee, bool wait, CancellationToken ct)
    {
        var chainId = await client.GetChainIdAsync(ct);
        var baseFee = (await client.GetFeeInfoAsync(ct)).BaseFeePerGas;
        var max = maxFee ?? checked(baseFee * 2 + tip);
        var sent = await new TransactionSender(client).SendAsync(key.Address, n =>
        {
            var signed = Transaction.Create(key, chainId, n, max, tip, payload.IntrinsicGas, payload);
            return new SignedTransaction(signed.Hash, signed.NetworkEncoded);
        }, ct);
        var (nonce, hash) = (sent.Nonce, sent.Hash.ToString());
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

        var waiting = client.WaitFinalAsync(sent.Hash, TimeSpan.FromSeconds(60), cancellation: ct);
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
