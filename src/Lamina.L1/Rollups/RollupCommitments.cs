using Lamina.DataAvailability.Shares;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>What a rollup commits to on L1: batch references to final blobs, bonded output roots, and their finalization.</summary>
internal static class RollupCommitments
{
    /// <summary>
    /// Records the rollup's next batch. Each blob must be in a block before this one (committed, and under BFT
    /// committed is final) and no more than <paramref name="retention"/> blocks back (the DA retention window: older
    /// shares may be pruned, so no verifier could derive from them), exist at that index, be in the rollup's
    /// namespace, and the data root given must be that block's.
    /// </summary>
    public static void Batch(WorldState state, Transaction tx, RollupBatchPayload batch, in BlockContext block, ulong retention, bool recordCommitments = false)
    {
        var rollup = RollupLedger.Require(state, batch.RollupId);
        if (tx.From != rollup.Config.BatchPoster)
            throw new RollupRejectedException(RollupError.NotBatchPoster, $"{tx.From} is not rollup {rollup.Id}'s batch poster {rollup.Config.BatchPoster}");
        if (batch.Number != rollup.NextBatch)
            throw new RollupRejectedException(RollupError.BatchOutOfOrder, $"rollup {rollup.Id} expects batch {rollup.NextBatch}, not {batch.Number}");
        var ns = RollupNamespace.Of(rollup.Id);
        foreach (var location in batch.Blobs)
        {
            if (location.L1Height < block.Height && block.Height - location.L1Height > retention)
                throw new RollupRejectedException(RollupError.BlobExpired, $"blob {location.BlobIndex} of L1 block {location.L1Height} is more than the DA retention window ({retention} blocks) behind block {block.Height}");
            CheckBlob(state, location, ns, block.Height);
        }
        state.SetRecord(RollupKeys.Batch(rollup.Id, batch.Number), new RollupBatchRecord(rollup.Id, batch.Number, batch.Blobs, block.Height));
        if (recordCommitments) RecordBatchCommitments(state, rollup.Id, batch);
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { NextBatch = checked(rollup.NextBatch + 1) });
    }

    /// <summary>
    /// Copies the batch's blob commitments out of the per-block records (pruned after the retention window) into one
    /// kept with the batch, which a dispute game deriving a list reads. A blob recorded before the module derived lists
    /// has no commitment: the batch then gets none, and a derivation from it is refused as an unknown batch.
    /// </summary>
    private static void RecordBatchCommitments(WorldState state, ulong rollupId, RollupBatchPayload batch)
    {
        var commitments = new Core.Hash256[batch.Blobs.Length];
        for (var i = 0; i < commitments.Length; i++)
        {
            if (state.GetRecord<BlockBlobCommitmentsRecord>(RollupKeys.BlobCommitments(batch.Blobs[i].L1Height)) is not { } block) return;
            commitments[i] = block.Commitments[batch.Blobs[i].BlobIndex];
        }
        state.SetRecord(RollupKeys.BatchCommitments(rollupId, batch.Number), new BatchCommitmentsRecord(commitments));
    }

    private static void CheckBlob(WorldState state, BlobLocation location, Namespace ns, ulong height)
    {
        var where = $"blob {location.BlobIndex} of L1 block {location.L1Height}";
        if (location.L1Height >= height)
            throw new RollupRejectedException(RollupError.BlobNotFinal, $"{where} is not in a committed block (this is block {height}): a batch may only reference final blobs");
        var blobs = RollupLedger.FindBlockBlobs(state, location.L1Height);
        if (blobs is null || location.BlobIndex >= (uint)blobs.Namespaces.Length)
            throw new RollupRejectedException(RollupError.BlobNotFound, $"{where} does not exist (the block carries {blobs?.Namespaces.Length ?? 0} blobs)");
        if (blobs.Namespaces[location.BlobIndex] != ns)
            throw new RollupRejectedException(RollupError.WrongNamespace, $"{where} is in namespace {blobs.Namespaces[location.BlobIndex]}, not the rollup's {ns}");
        if (blobs.DataRoot != location.DataRoot)
            throw new RollupRejectedException(RollupError.DataRootMismatch, $"L1 block {location.L1Height} has data root {blobs.DataRoot}, not {location.DataRoot}");
    }

    /// <summary>Locks the bond in the rollup's vault and appends a Proposed output above the last one's L2 block.</summary>
    public static void Output(WorldState state, Transaction tx, RollupOutputPayload output, in BlockContext block)
    {
        var rollup = RollupLedger.Require(state, output.RollupId);
        if (output.Bond != rollup.Config.ProposerBond)
            throw new RollupRejectedException(RollupError.BondMismatch, $"rollup {rollup.Id} requires a bond of {rollup.Config.ProposerBond}, not {output.Bond}");
        if (output.L2BlockNumber <= rollup.LastOutputL2Block)
            throw new RollupRejectedException(RollupError.OutputNotIncreasing, $"rollup {rollup.Id}'s last output is for L2 block {rollup.LastOutputL2Block}; the next must be above it, not {output.L2BlockNumber}");
        RollupAccounts.Move(state, tx.From, RollupAccounts.BondVault(rollup.Id), output.Bond);
        state.SetRecord(RollupKeys.Output(rollup.Id, rollup.NextOutput), new RollupOutputRecord(rollup.Id, rollup.NextOutput, output.L2BlockNumber,
            output.OutputRoot, tx.From, output.Bond, block.Height, block.TimeMs, OutputStatus.Proposed));
        state.SetRecord(RollupKeys.Rollup(rollup.Id), rollup with { NextOutput = checked(rollup.NextOutput + 1), LastOutputL2Block = output.L2BlockNumber });
    }

    /// <summary>
    /// End of block: walks each rollup's open outputs from the oldest and finalizes every Proposed one whose window
    /// has ended by this block's time, returning its bond. Outputs were posted in time order, so the walk stops at
    /// the first one still inside its window. A Disputed output (issue 14) also stops it: it never finalizes by time,
    /// and the outputs after it wait for its game. Finalized and Replaced outputs are passed over.
    /// </summary>
    public static void FinalizeOutputs(WorldState state, in BlockContext block)
    {
        foreach (var id in RollupLedger.ReadIndex(state).Ids)
        {
            var rollup = RollupLedger.Find(state, id)!;
            var next = rollup.FirstOpenOutput;
            for (; next < rollup.NextOutput; next++)
            {
                var output = RollupLedger.FindOutput(state, id, next)!;
                if (output.Status is OutputStatus.Finalized or OutputStatus.Replaced) continue;
                if (output.Status == OutputStatus.Disputed || output.FinalizesAtMs(rollup.Config) > block.TimeMs) break;
                RollupAccounts.Move(state, RollupAccounts.BondVault(id), output.Proposer, output.Bond);
                state.SetRecord(RollupKeys.Output(id, next), output with { Status = OutputStatus.Finalized });
            }
            if (next != rollup.FirstOpenOutput) state.SetRecord(RollupKeys.Rollup(id), rollup with { FirstOpenOutput = next });
        }
    }

    /// <summary>Remembers a block's data root and the namespace of each of its blobs, for later batch references.</summary>
    public static void RecordBlockBlobs(WorldState state, in BlockContext block, IReadOnlyList<Transaction> transactions, HeaderFields fields, bool recordCommitments = false)
    {
        List<Namespace>? namespaces = null;
        List<Core.Hash256>? commitments = null;
        foreach (var tx in transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            (namespaces ??= []).Add(blob.Namespace);
            (commitments ??= []).Add(blob.Commitment);
        }
        if (namespaces is null) return;
        if (fields.DataRoot.IsZero)
            throw new InvalidOperationException("the rollups module must come after the blobs module in the registry: it records the data root the blobs module computes");
        state.SetRecord(RollupKeys.BlockBlobs(block.Height), new BlockBlobsRecord(fields.DataRoot, [.. namespaces]));
        if (recordCommitments) state.SetRecord(RollupKeys.BlobCommitments(block.Height), new BlockBlobCommitmentsRecord([.. commitments!]));
    }

    /// <summary>
    /// At the end of block <paramref name="height"/>: deletes the blob record of block height − retention, the oldest a
    /// batch in the next block could no longer reference. One key per block, so the records stay within the window.
    /// What was recorded for an older block stays readable in the state at that height (rollup_getL1Block reads it there).
    /// </summary>
    public static void PruneBlockBlobs(WorldState state, ulong height, ulong retention)
    {
        if (height < retention) return;
        var expired = RollupKeys.BlockBlobs(height - retention);
        if (state.GetRecord<BlockBlobsRecord>(expired) is not null) state.SetRecord<BlockBlobsRecord>(expired, null);
        var commitments = RollupKeys.BlobCommitments(height - retention);
        if (state.GetRecord<BlockBlobCommitmentsRecord>(commitments) is not null) state.SetRecord<BlockBlobCommitmentsRecord>(commitments, null);
    }
}
