using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.Consensus;
using Lamina.Node.Tests.DataAvailability;

namespace Lamina.Node.Tests;

/// <summary>
/// A proposer's own blocks come back from the consensus WAL until their height is committed: after a SIGKILL between
/// signing a proposal and committing it, a one-validator chain stood still forever (found by the end-to-end crash
/// test) when the block was not kept anywhere.
/// </summary>
public sealed class OwnProposalsTests
{
    [Fact]
    public void Blocks_logged_with_the_answer_are_recovered_above_the_committed_height_and_dropped_once_committed()
    {
        using var fixture = new DaChainFixture("own-proposals", 3, TimeProvider.System, BlobParameters.Default);
        var block = fixture.Chain.BuildBlock(fixture.Validator.Address, null, []).Block;
        var logged = new[]
        {
            new ProposeValue(1, 0, block.Hash) { Value = Canonical.Encode(block) },
            new ProposeValue(2, 0, block.Hash) { Value = Canonical.Encode(block) },
            new ProposeValue(2, 3, block.Hash) { Value = Canonical.Encode(block) },
        };

        var own = OwnProposals.Recover(logged, committedHeight: 1);

        Assert.Null(own.Get(1, 0));
        Assert.Equal(block.Hash, own.Get(2, 0)!.Hash);
        Assert.Equal(block.Hash, own.Get(2, 3)!.Hash);
        Assert.Equal(2, own.All.Count());
        own.DropThrough(2);
        Assert.Empty(own.All);
        Assert.Null(own.Get(2, 3));
    }

    [Fact]
    public void A_logged_block_that_does_not_decode_or_does_not_match_its_id_is_a_corrupt_store()
    {
        using var fixture = new DaChainFixture("own-proposals-bad", 3, TimeProvider.System, BlobParameters.Default);
        var block = fixture.Chain.BuildBlock(fixture.Validator.Address, null, []).Block;

        var garbled = new ProposeValue(1, 0, block.Hash) { Value = new byte[] { 1, 2, 3 } };
        Assert.Contains("does not decode", Assert.Throws<CorruptStoreException>(() => OwnProposals.Recover([garbled], 0)).Message);

        var otherId = new ProposeValue(1, 0, Lamina.Core.Hash256.Zero) { Value = Canonical.Encode(block) };
        Assert.Contains("hashes to", Assert.Throws<CorruptStoreException>(() => OwnProposals.Recover([otherId], 0)).Message);
    }
}
