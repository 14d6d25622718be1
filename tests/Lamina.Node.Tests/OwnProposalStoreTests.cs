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
}
