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
        var hash = await client.SendTransactionAsync(tx.Encoded, ct);
        AnsiConsole.MarkupLine($"[green]Accepted[/] {hash} ({payload.Kind.ToString().ToLowerInvariant()}, nonce {nonce}, from {key.Address})");
        if (!wait) return 0;

        var final = await AnsiConsole.Status().StartAsync("Waiting for the transaction to be final…",
            _ => client.WaitFinalAsync(hash, TimeSpan.FromSeconds(60), cancellation: ct));
        if (final is not { IsIncluded: true, Receipt: { } receipt })
        {
            CliErrors.Fail($"{hash} was not included within 60 s; check it later with 'lamina query tx {hash}'");
            return 1;
        }
        var table = new Table().AddColumns("tx", "block", "index", "gas", "price", "burned", "tip");
        table.AddRow(hash.ToString(), final.BlockHeight?.ToString() ?? "", final.Index?.ToString() ?? "", receipt.GasUsed.ToString(),
            receipt.EffectiveGasPrice.ToString(), receipt.Burned.ToString(), receipt.Tip.ToString());
        AnsiConsole.Write(table);
        return 0;
    }
}
