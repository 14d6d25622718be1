using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// <see cref="IRollupL1Source"/> over Lamina.Client, as any outsider reads L1: the rollups module's queues
/// (rollup_getDeposits, _getForcedTransactions, _getBatches, _getOutputs, read forward in pages and bucketed by L1
/// height), each block's time and blob base fee from rollup_getL1Block, and each batch's blobs from a DA node's da_getNamespaceData. A blob the DA
/// node cannot serve comes back unavailable, so derivation waits for it. L1 is BFT-final: the head is final.
/// </summary>
public sealed class ClientRollupL1Source(LaminaRpcClient l1, LaminaRpcClient da, RollupView rollup) : IRollupL1Source
{
    private const int Page = 200;
    private readonly Queue<RollupDepositView> _deposits = new();
    private readonly Queue<RollupForcedTransactionView> _forced = new();
    private readonly Queue<RollupBatchView> _batches = new();
    private readonly Queue<RollupOutputView> _outputs = new();
    private ulong _nextDeposit, _nextForced, _nextBatch, _nextOutput;

    public async Task<ulong> FinalizedHeightAsync(CancellationToken cancellationToken) => (await l1.GetHeadAsync(cancellationToken)).Height;

    public async Task<L1BlockData> GetBlockAsync(ulong height, CancellationToken cancellationToken)
    {
        var id = rollup.RollupId;
        _nextDeposit = await FillAsync(_deposits, _nextDeposit, d => d.L1Height, height, from => l1.GetRollupDepositsAsync(id, from, Page, cancellationToken));
        _nextForced = await FillAsync(_forced, _nextForced, f => f.L1Height, height, from => l1.GetRollupForcedTransactionsAsync(id, from, Page, cancellationToken));
        _nextBatch = await FillAsync(_batches, _nextBatch, b => b.PostedAtHeight, height, from => l1.GetRollupBatchesAsync(id, from, Page, cancellationToken));
        _nextOutput = await FillAsync(_outputs, _nextOutput, o => o.PostedAtHeight, height, from => l1.GetRollupOutputsAsync(id, from, Page, cancellationToken));

        var deposits = new List<L2Deposit>();
        foreach (var d in Take(_deposits, x => x.L1Height, height)) deposits.Add(new L2Deposit(d.Index, d.L2Recipient, d.Amount));
        var forced = new List<ForcedTransaction>();
        foreach (var f in Take(_forced, x => x.L1Height, height)) forced.Add(new ForcedTransaction(f.Index, f.L1Height, ItemOf(f)));
        var outputs = new List<OutputProposal>();
        foreach (var o in Take(_outputs, x => x.PostedAtHeight, height)) outputs.Add(new OutputProposal(o.L2BlockNumber, o.OutputRoot));
        var blobs = new List<BatchBlob>();
        foreach (var batch in Take(_batches, x => x.PostedAtHeight, height))
        {
            foreach (var location in batch.Blobs) blobs.Add(new BatchBlob(rollup.BatchPoster, await BlobAsync(location, cancellationToken)));
        }
        // Time and blob base fee as the rollups module answers for this block.
        var recorded = await l1.GetRollupL1BlockAsync(id, height, cancellationToken);
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
    /// DA node lists only this namespace's, so the index is mapped through the block's blob transactions. The bytes are
    /// taken from the namespace's shares only once their proofs check against the header's data root
    /// (<see cref="VerifiedNamespaceData"/>); an answer that does not prove them is an <see cref="InvalidBlobDataException"/>.
    /// </summary>
    private async Task<byte[]?> BlobAsync(RollupBlobLocationView location, CancellationToken cancellationToken)
    {
        var block = await l1.GetBlockAsync(location.L1Height, full: true, cancellationToken);
        var dataRoot = Hash256.Parse(block.Json["dataRoot"]!.GetValue<string>());
        if (dataRoot != location.DataRoot)
            throw new InvalidBlobDataException(BlobDataError.DataRootMismatch, $"the batch names data root {location.DataRoot} at L1 height {location.L1Height}, the header has {dataRoot}");
        var seen = 0u;
        var ours = 0;
        foreach (var tx in block.Transactions)
        {
            if (tx.Kind != "blob") continue;
            var mine = tx.Json["namespace"]?.GetValue<string>() == rollup.Namespace;
            if (seen++ == location.BlobIndex)
            {
                if (!mine) return null;
                System.Text.Json.Nodes.JsonNode? answer;
                try
                {
                    answer = await da.GetNamespaceDataAsync(location.L1Height, rollup.Namespace, cancellationToken);
                }
                catch (RpcException)
                {
                    return null; // not stored (yet), pruned, or not served: unavailable
                }
                var proven = VerifiedNamespaceData.Blobs(dataRoot, answer);
                return ours < proven.Count
                    ? proven[ours]
                    : throw new InvalidBlobDataException(BlobDataError.BlobMissing, $"the proven shares hold {proven.Count} blob(s) of the namespace at L1 height {location.L1Height}, the batch needs number {ours}");
            }
            if (mine) ours++;
        }
        return null;
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

    /// <summary>Reads pages forward until the queue holds everything up to <paramref name="height"/> (or the queue ends).</summary>
    private static async Task<ulong> FillAsync<T>(Queue<T> queue, ulong next, Func<T, ulong> heightOf, ulong height, Func<ulong, Task<RollupPage<T>>> read)
    {
        while (queue.Count == 0 || heightOf(queue.Last()) <= height)
        {
            var page = await read(next);
            foreach (var item in page.Items) queue.Enqueue(item);
            next = page.Next;
            if (page.Items.Count == 0 || page.Next >= page.Total) break;
        }
        return next;
    }

    private static IEnumerable<T> Take<T>(Queue<T> queue, Func<T, ulong> heightOf, ulong height)
    {
        var taken = new List<T>();
        while (queue.Count > 0 && heightOf(queue.Peek()) <= height)
        {
            var item = queue.Dequeue();
            if (heightOf(item) == height) taken.Add(item);
        }
        return taken;
    }
}
