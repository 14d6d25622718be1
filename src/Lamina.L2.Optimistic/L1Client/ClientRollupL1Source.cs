using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// <see cref="IRollupL1Source"/> over Lamina.Client, as any outsider reads L1: per L1 block one rollup_getL1Block (its
/// time, blob base fee, data root, the indices of the rollup's blobs, and the deposits, forced transactions, batch
/// references and outputs the rollups module recorded in it), and each batch's blobs from a DA node's
/// da_getNamespaceData, proven against the data root before use (<see cref="VerifiedNamespaceData"/>). A blob the DA
/// node cannot serve comes back unavailable, so derivation waits for it. L1 is BFT-final: the head is final.
/// </summary>
public sealed class ClientRollupL1Source(LaminaRpcClient l1, LaminaRpcClient da, RollupView rollup) : IRollupL1Source
{
    public async Task<ulong> FinalizedHeightAsync(CancellationToken cancellationToken) => (await l1.GetHeadAsync(cancellationToken)).Height;

    public async Task<L1BlockData> GetBlockAsync(ulong height, CancellationToken cancellationToken)
    {
        var recorded = await l1.GetRollupL1BlockAsync(rollup.RollupId, height, cancellationToken);
        var deposits = new List<L2Deposit>(recorded.Deposits.Count);
        foreach (var d in recorded.Deposits) deposits.Add(new L2Deposit(d.Index, d.L2Recipient, d.Amount));
        var forced = new List<ForcedTransaction>(recorded.ForcedTransactions.Count);
        foreach (var f in recorded.ForcedTransactions) forced.Add(new ForcedTransaction(f.Index, f.L1Height, ItemOf(f)));
        var outputs = new List<OutputProposal>(recorded.Outputs.Count);
        foreach (var o in recorded.Outputs) outputs.Add(new OutputProposal(o.L2BlockNumber, o.OutputRoot));
        var blobs = new List<BatchBlob>();
        foreach (var batch in recorded.Batches)
        {
            for (var position = 0; position < batch.Blobs.Count; position++)
            {
                var location = batch.Blobs[position];
                var holder = location.L1Height == height ? recorded : await l1.GetRollupL1BlockAsync(rollup.RollupId, location.L1Height, cancellationToken);
                // Which batch reference and position a blob came from is kept: a challenger names it to L1 in a derived game.
                blobs.Add(new BatchBlob(rollup.BatchPoster, await BlobAsync(location, holder, cancellationToken)) { Location = new BatchBlobLocation(batch.Number, (uint)position) });
            }
        }
        return new L1BlockData(height, recorded.L1TimeMs, deposits, forced, blobs, outputs, recorded.BlobBaseFee);
    }

    public async Task<FinalizedOutput?> LatestFinalizedOutputAsync(CancellationToken cancellationToken)
    {
        var current = await l1.GetRollupAsync(rollup.RollupId, cancellationToken);
        if (current.FirstOpenOutput == 0) return null;
        var page = await l1.GetRollupOutputsAsync(rollup.RollupId, current.FirstOpenOutput - 1, 1, cancellationToken);
        return page.Items is [{ IsFinalized: true } output] ? new FinalizedOutput(output.L2BlockNumber, output.OutputRoot) : null;
    }

    /// <summary>
    /// A batch blob's bytes: its index is among all the L1 block's blobs (blob transactions in block order), while the
    /// DA node lists only this namespace's, so the index is mapped through the block's <c>blobIndices</c>. The bytes are
    /// taken from the namespace's shares only once their proofs check against the header's data root
    /// (<see cref="VerifiedNamespaceData"/>); an answer that does not prove them is an <see cref="InvalidBlobDataException"/>.
    /// </summary>
    private async Task<byte[]?> BlobAsync(RollupBlobLocationView location, RollupL1BlockView holder, CancellationToken cancellationToken)
    {
        if (holder.DataRoot != location.DataRoot)
            throw new InvalidBlobDataException(BlobDataError.DataRootMismatch, $"the batch names data root {location.DataRoot} at L1 height {location.L1Height}, the header has {holder.DataRoot}");
        var ours = -1;
        for (var i = 0; i < holder.BlobIndices.Count; i++)
        {
            if (holder.BlobIndices[i] == location.BlobIndex) ours = i;
        }
        if (ours < 0) return null; // not a blob of this namespace: never available as a batch
        System.Text.Json.Nodes.JsonNode? answer;
        try
        {
            answer = await da.GetNamespaceDataAsync(location.L1Height, rollup.Namespace, cancellationToken);
        }
        catch (RpcException)
        {
            return null; // not stored (yet), pruned, or not served: unavailable
        }
        var proven = VerifiedNamespaceData.Blobs(holder.DataRoot, Lamina.L1.Rollups.RollupNamespace.Of(rollup.RollupId), answer);
        // L1 recorded how many blobs of this namespace the block carries: fewer proven means rows were left out at an end.
        return proven.Count == holder.BlobIndices.Count
            ? proven[ours]
            : throw new InvalidBlobDataException(BlobDataError.BlobMissing, $"the proven shares hold {proven.Count} blob(s) of the namespace at L1 height {location.L1Height}, L1 recorded {holder.BlobIndices.Count}");
    }

    private static OptimisticBatchItem ItemOf(RollupForcedTransactionView forced)
    {
        try
        {
            return forced.L2Kind == "withdrawal"
                ? OptimisticBatchItem.From(OptimisticWithdrawal.Decode(forced.L2Transaction))
                : OptimisticBatchItem.From(OptimisticTransfer.Decode(forced.L2Transaction));
        }
        catch (CodecException e)
        {
            throw new InvalidOperationException($"forced transaction {forced.Index} on L1 does not decode: {e.Message}", e);
        }
    }
}
