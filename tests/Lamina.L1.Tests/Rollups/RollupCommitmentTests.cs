using Lamina.Core;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>Batch references against final blobs, bonded outputs, and their finalization by L1 time.</summary>
public sealed class RollupCommitmentTests
{
    private static readonly Namespace OtherNs = Namespace.User(Enumerable.Repeat((byte)0xAB, Namespace.IdSize).ToArray());

    /// <summary>Block 1 carries a blob of the rollup (index 0) and one of another namespace (index 1).</summary>
    private static (RollupKit Kit, Hash256 DataRoot) WithBlobs()
    {
        var kit = new RollupKit();
        var run = kit.Block(1_000, kit.BlobTx(1, RollupKit.RollupNs, 600, 1), kit.BlobTx(2, OtherNs, 100, 2));
        Assert.False(run.HeaderFields.DataRoot.IsZero);
        return (kit, run.HeaderFields.DataRoot);
    }

    private static Transaction Batch(RollupKit kit, ulong number, params BlobLocation[] blobs) => kit.Tx(1, new RollupBatchPayload(RollupKit.Id, number, blobs));

    [Fact]
    public void A_batch_referencing_a_final_blob_of_the_rollup_is_recorded_in_sequence()
    {
        var (kit, root) = WithBlobs();
        var record = RollupLedger.FindBlockBlobs(kit.State, 1)!;
        Assert.Equal(root, record.DataRoot);
        Assert.Equal([RollupKit.RollupNs, OtherNs], record.Namespaces);

        kit.Block(1_000, Batch(kit, 0, new BlobLocation(1, 0, root)));
        Assert.Equal(new RollupBatchRecord(RollupKit.Id, 0, [new BlobLocation(1, 0, root)], 2), RollupLedger.FindBatch(kit.State, RollupKit.Id, 0));
        Assert.Equal(1UL, kit.Rollup.NextBatch);
        Assert.Equal(RollupError.BatchOutOfOrder, kit.Refused(Batch(kit, 0, new BlobLocation(1, 0, root))));
        Assert.Equal(RollupError.BatchOutOfOrder, kit.Refused(Batch(kit, 2, new BlobLocation(1, 0, root))));
    }

    [Fact]
    public void Batch_references_to_blobs_that_are_not_final_missing_foreign_or_under_another_root_are_refused()
    {
        var (kit, root) = WithBlobs();
        Assert.Equal(RollupError.NotBatchPoster, kit.Refused(kit.Tx(2, new RollupBatchPayload(RollupKit.Id, 0, [new BlobLocation(1, 0, root)]))));
        // Height 2 is the block this reference would be in: not committed yet, so not final.
        Assert.Equal(RollupError.BlobNotFinal, kit.Refused(Batch(kit, 0, new BlobLocation(2, 0, root))));
        Assert.Equal(RollupError.BlobNotFound, kit.Refused(Batch(kit, 0, new BlobLocation(1, 2, root))));
        Assert.Equal(RollupError.BlobNotFound, kit.Refused(Batch(kit, 0, new BlobLocation(0, 0, root))));
        Assert.Equal(RollupError.WrongNamespace, kit.Refused(Batch(kit, 0, new BlobLocation(1, 1, root))));
        Assert.Equal(RollupError.DataRootMismatch, kit.Refused(Batch(kit, 0, new BlobLocation(1, 0, Hash256.Zero))));
        // One bad blob among good ones refuses the whole reference.
        Assert.Equal(RollupError.WrongNamespace, kit.Refused(Batch(kit, 0, new BlobLocation(1, 0, root), new BlobLocation(1, 1, root))));
        Assert.Equal(0UL, kit.Rollup.NextBatch);
    }

    [Fact]
    public void Block_blob_records_are_pruned_past_the_DA_retention_window_and_older_references_are_refused_as_expired()
    {
        var kit = new RollupKit(blobRetentionBlocks: 3);
        Assert.Equal(3UL, kit.Executor.Modules.Find<RollupsModule>()!.BlobRetentionBlocks);
        var root = kit.Block(1_000, kit.BlobTx(1, RollupKit.RollupNs, 600, 1)).HeaderFields.DataRoot; // height 1
        var rootAt2 = kit.Block(1_000, kit.BlobTx(2, RollupKit.RollupNs, 300, 2)).HeaderFields.DataRoot; // height 2
        kit.Block(1_000); // height 3
        // Block 4 may still reference height 1 (3 blocks back); after it, height 1's record is gone.
        kit.Block(1_000, Batch(kit, 0, new BlobLocation(1, 0, root)));
        Assert.Null(RollupLedger.FindBlockBlobs(kit.State, 1));
        Assert.NotNull(RollupLedger.FindBlockBlobs(kit.State, 2));
        Assert.Equal(RollupError.BlobExpired, kit.Refused(Batch(kit, 1, new BlobLocation(1, 0, root))));
        kit.Block(1_000, Batch(kit, 1, new BlobLocation(2, 0, rootAt2))); // height 5: 3 blocks back, the last chance
        Assert.Null(RollupLedger.FindBlockBlobs(kit.State, 2));
        Assert.Equal(RollupError.BlobExpired, kit.Refused(Batch(kit, 2, new BlobLocation(2, 0, rootAt2))));
        Assert.Equal(2UL, kit.Rollup.NextBatch);
        // However long the chain runs, only the window's records stay in the state.
        for (var i = 0; i < 6; i++) kit.Block(1_000, kit.BlobTx(1, RollupKit.RollupNs, 100, (byte)i));
        var kept = Enumerable.Range(1, (int)kit.Height).Count(h => RollupLedger.FindBlockBlobs(kit.State, (ulong)h) is not null);
        Assert.Equal(3, kept);
    }

    [Fact]
    public void Outputs_lock_the_bond_increase_strictly_and_finalize_when_their_window_ends_in_l1_time()
    {
        var kit = new RollupKit();
        var proposer = Addr(3);
        var before = kit.Balance(proposer);
        var root = Hash256.Parse("0x" + new string('1', 64));
        kit.Block(1_000, kit.Output(3, 5, root));
        var postedAt = kit.TimeMs;
        Assert.Equal(RollupKit.Bond, kit.Balance(RollupAccounts.BondVault(RollupKit.Id)));
        var output = RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!;
        Assert.Equal(new RollupOutputRecord(RollupKit.Id, 1, 5, root, proposer, RollupKit.Bond, 1, postedAt, OutputStatus.Proposed), output);

        Assert.Equal(RollupError.OutputNotIncreasing, kit.Refused(kit.Output(4, 5, root)));
        Assert.Equal(RollupError.OutputNotIncreasing, kit.Refused(kit.Output(4, 4, root)));
        Assert.Equal(RollupError.BondMismatch, kit.Refused(kit.Output(4, 6, root, RollupKit.Bond - 1)));
        kit.Block(2_000, kit.Output(4, 9, root));

        // One millisecond before the window ends: still open. At its end: final, and the bond is back.
        kit.Block(RollupKit.WindowSeconds * 1000 - 2_000 - 1);
        Assert.Equal(OutputStatus.Proposed, RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!.Status);
        kit.Block(1);
        Assert.Equal(postedAt + RollupKit.WindowSeconds * 1000, kit.TimeMs);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!.Status);
        Assert.Equal(OutputStatus.Proposed, RollupLedger.FindOutput(kit.State, RollupKit.Id, 2)!.Status);
        Assert.Equal(2UL, kit.Rollup.FirstOpenOutput);
        Assert.Equal(RollupKit.Bond, kit.Balance(RollupAccounts.BondVault(RollupKit.Id)));
        Assert.Equal(before - (UInt128)RollupOutputPayload.Gas * (BaseFee + RollupKit.Tip), kit.Balance(proposer)); // only the gas is gone
        kit.Block(2_000);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(kit.State, RollupKit.Id, 2)!.Status);
        Assert.Equal(UInt128.Zero, kit.Balance(RollupAccounts.BondVault(RollupKit.Id)));
        Assert.Equal(3UL, kit.Rollup.FirstOpenOutput);
    }

    [Fact]
    public void A_disputed_output_does_not_finalize_by_time_and_holds_back_later_ones_while_a_replaced_one_is_passed_over()
    {
        var kit = new RollupKit();
        kit.Block(1_000, kit.Output(3, 1, Hash256.Zero));
        kit.Block(1_000, kit.Output(3, 2, Hash256.Zero));
        // What the dispute game (issue 14) will do; set directly here to pin the hook's rules.
        var first = RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!;
        kit.State.SetRecord(RollupKeys.Output(RollupKit.Id, 1), first with { Status = OutputStatus.Disputed });
        kit.Block(60_000);
        Assert.Equal(OutputStatus.Disputed, RollupLedger.FindOutput(kit.State, RollupKit.Id, 1)!.Status);
        Assert.Equal(OutputStatus.Proposed, RollupLedger.FindOutput(kit.State, RollupKit.Id, 2)!.Status);
        kit.State.SetRecord(RollupKeys.Output(RollupKit.Id, 1), first with { Status = OutputStatus.Replaced });
        kit.Block(1);
        Assert.Equal(OutputStatus.Finalized, RollupLedger.FindOutput(kit.State, RollupKit.Id, 2)!.Status);
        Assert.Equal(3UL, kit.Rollup.FirstOpenOutput);
    }
}
