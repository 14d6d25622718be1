using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.Node.Sidecars;
using Lamina.Node.Tests.DataAvailability;

namespace Lamina.Node.Tests.Sidecars;

/// <summary>
/// The node's blob bytes: a committed block's sidecars are stored under its height, so a block read back from the
/// store (which holds only commitments) is hydrated again, also by a cache built after a restart; they go once the
/// height leaves the retention window.
/// </summary>
public sealed class BlobSidecarCacheTests
{
    [Fact]
    public void Committed_sidecars_are_stored_hydrate_a_stored_block_after_a_restart_and_are_pruned_past_the_window()
    {
        using var fixture = new DaChainFixture("lamina-sidecar-cache", 5, TimeProvider.System, BlobParameters.Default with { RetentionBlocks = 3 });
        fixture.BlockWithBlobs(2, 1_000, 3);
        var stored = fixture.Sidecars.GetCommitted(1);
        Assert.NotNull(stored);
        Assert.Equal(2, stored!.Blobs.Count);
        Assert.Equal(fixture.Chain.Store.GetBlock(1)!.Hash, stored.BlockHash);

        // What the store holds is the block with commitments only; a fresh cache (a restarted node) hydrates it.
        var bare = Canonical.Decode<Block>(Canonical.Encode(fixture.Chain.Store.GetBlock(1)!));
        Assert.Null(BlobSidecars.Of(bare));
        var restarted = new BlobSidecarCache(fixture.Chain);
        Assert.Equal(0, restarted.Hydrate(bare));
        Assert.Equal(stored, BlobSidecars.Of(bare));

        // Three blocks later height 1 is outside the 3-block window: its sidecars are gone, and a bare block stays bare.
        for (var i = 0; i < 3; i++) fixture.Chain.ProduceBlock(fixture.Validator);
        Assert.Null(fixture.Sidecars.GetCommitted(1));
        var later = Canonical.Decode<Block>(Canonical.Encode(fixture.Chain.Store.GetBlock(1)!));
        Assert.Equal(2, new BlobSidecarCache(fixture.Chain).Hydrate(later));
    }
}
