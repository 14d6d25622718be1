using Lamina.L1.Blobs;
using Lamina.Node.Consensus;
using Lamina.Node.Tests.DataAvailability;

namespace Lamina.Node.Tests;

/// <summary>
/// A proposer's own blocks survive a restart until their height is committed: after a SIGKILL between signing a
/// proposal and committing it, a one-validator chain stood still forever (found by the end-to-end crash test).
/// </summary>
public sealed class OwnProposalStoreTests
{
    [Fact]
    public void A_saved_proposal_is_read_back_by_a_new_instance_and_dropped_once_its_height_is_committed()
    {
        using var fixture = new DaChainFixture("own-proposals", 3, TimeProvider.System, BlobParameters.Default);
        var block = fixture.Chain.BuildBlock(fixture.Validator.Address, null, []).Block;
        var kv = fixture.Chain.Store.Store;

        new OwnProposalStore(kv).Save(1, 0, block);

        // What a restarted process sees: another instance over the same store.
        var reopened = new OwnProposalStore(kv);
        Assert.Equal(block.Hash, reopened.Get(1, 0)!.Hash);
        Assert.Null(reopened.Get(1, 1));
        Assert.Null(reopened.Get(2, 0));
        Assert.Equal(block.Hash, Assert.Single(reopened.Above(0)).Hash);

        // Once height 1 is committed the proposal is of no more use, and is deleted.
        Assert.Empty(reopened.Above(1));
        Assert.Null(reopened.Get(1, 0));
    }
    [Fact]
    public void Dropping_a_height_deletes_every_round_of_it_and_below_from_disk_and_keeps_the_heights_above()
    {
        using var fixture = new DaChainFixture("own-proposals-drop", 3, TimeProvider.System, BlobParameters.Default);
        var block = fixture.Chain.BuildBlock(fixture.Validator.Address, null, []).Block;
        var kv = fixture.Chain.Store.Store;
        var store = new OwnProposalStore(kv);
        foreach (var (height, round) in new (ulong, uint)[] { (1, 0), (1, 3), (2, 0), (2, 1), (3, 0) }) store.Save(height, round, block);

        store.DropThrough(2);

        // The running instance and a restarted one agree: only height 3 is left, on disk as well as in memory.
        foreach (var view in new[] { store, new OwnProposalStore(kv) })
        {
            Assert.Null(view.Get(1, 0));
            Assert.Null(view.Get(1, 3));
            Assert.Null(view.Get(2, 1));
            Assert.NotNull(view.Get(3, 0));
        }
        Assert.Single(new OwnProposalStore(kv).Above(2));
        Assert.Empty(new OwnProposalStore(kv).Above(3));
    }
}
