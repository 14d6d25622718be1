using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// Posts a channel through Lamina.Client: each frame as a blob transaction in the rollup's namespace, then, once they
/// are final, one batch reference (the rollups module's kind) naming their DA locations, which L1 accepts only from
/// the registered batch poster and only for blobs in final blocks.
/// </summary>
/// <remarks><paramref name="sending"/> serialises this poster with any other that signs with the same key (the proposer).</remarks>
public sealed class ClientBatchPoster(LaminaRpcClient l1, SigningKey key, string chainId, RollupView rollup, SemaphoreSlim sending) : IBatchPoster
{
    private static readonly TimeSpan FinalTimeout = TimeSpan.FromSeconds(60);

    public async Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
    {
        await sending.WaitAsync(cancellationToken);
        try
        {
            await SendAsync(blobs, cancellationToken);
        }
        finally
        {
            sending.Release();
        }
    }

    private async Task SendAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
    {
        var ns = RollupNamespace.Of(rollup.RollupId);
        var blobFee = (await l1.GetBlobFeeAsync(cancellationToken)).NextBaseFeePerBlobGas;
        var builder = await BuilderAsync(cancellationToken);
        var sent = new List<Transaction>(blobs.Count);
        foreach (var blob in blobs)
        {
            var tx = builder.Sign(new BlobPayload(ns, checked((ulong)blobFee * 2 + 1), blob));
            await l1.SendTransactionAsync(tx.NetworkEncoded, cancellationToken);
            sent.Add(tx);
        }
        var locations = new List<BlobLocation>(sent.Count);
        foreach (var tx in sent) locations.Add(await LocateAsync(tx, cancellationToken));

        var current = await l1.GetRollupAsync(rollup.RollupId, cancellationToken);
        var reference = (await BuilderAsync(cancellationToken)).Batch(rollup.RollupId, current.Batches, [.. locations]);
        await l1.SendTransactionAsync(reference.Encoded, cancellationToken);
        await FinalAsync(reference.Hash, cancellationToken);
    }

    private async Task<RollupTxBuilder> BuilderAsync(CancellationToken cancellationToken)
    {
        var nonce = (await l1.GetAccountAsync(key.Address, cancellation: cancellationToken)).PendingNonce;
        var baseFee = (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;
        return new RollupTxBuilder(key, chainId, nonce, checked(baseFee * 2 + 2), 2);
    }

    private async Task<TransactionView> FinalAsync(Hash256 hash, CancellationToken cancellationToken)
    {
        var final = await l1.WaitFinalAsync(hash, FinalTimeout, cancellation: cancellationToken);
        return final is { IsIncluded: true, BlockHeight: not null } ? final : throw new TimeoutException($"l1 transaction {hash} was not final within {FinalTimeout.TotalSeconds} s");
    }

    /// <summary>The blob's DA location: its block, its index among that block's blobs, and the block's data root.</summary>
    private async Task<BlobLocation> LocateAsync(Transaction tx, CancellationToken cancellationToken)
    {
        var height = (await FinalAsync(tx.Hash, cancellationToken)).BlockHeight!.Value;
        var block = await l1.GetBlockAsync(height, full: true, cancellationToken);
        var index = 0u;
        foreach (var included in block.Transactions)
        {
            if (included.Kind != "blob") continue;
            if (included.Hash == tx.Hash) return new BlobLocation(height, index, block.DataRoot);
            index++;
        }
        throw new InvalidOperationException($"blob transaction {tx.Hash} is not among the blobs of block {height}");
    }
}
