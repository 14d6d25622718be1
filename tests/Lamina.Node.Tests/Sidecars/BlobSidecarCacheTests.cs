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

    [Fact]
    public void The_kept_window_and_the_byte_budget_are_enforced_oldest_first_and_the_total_survives_a_restart()
    {
        using var fixture = new DaChainFixture("lamina-sidecar-budget", 6, TimeProvider.System, BlobParameters.Default);
        // A node configured to keep 3 blocks (the chain's window is 4,096).
        var window = new BlobSidecarCache(fixture.Chain, new SidecarStoreLimits(RetentionBlocks: 3, MaxBytes: long.MaxValue));
        for (var i = 0; i < 5; i++) fixture.BlockWithBlobs(1, 2_000, i + 1);
        Assert.Equal(3UL, window.OldestStored());
        Assert.Null(window.GetCommitted(2));
        var size = Canonical.Encode(window.GetCommitted(5)!).Length;
        Assert.Equal(3L * size, window.StoredBytes);
        Assert.Equal(4_096UL, window.Retention); // block sync still asks peers for the chain's whole window

        // A budget of two and a half blocks' sidecars: after the next block the oldest go until the total fits.
        var budget = new BlobSidecarCache(fixture.Chain, new SidecarStoreLimits(null, size * 5 / 2));
        fixture.BlockWithBlobs(1, 2_000, 9);
        Assert.Equal(5UL, budget.OldestStored());
        Assert.Equal(2L * size, budget.StoredBytes);
        Assert.NotNull(budget.GetCommitted(6));
        // The total is in the store: a restarted node reads it back instead of walking every sidecar.
        Assert.Equal(2L * size, new BlobSidecarCache(fixture.Chain).StoredBytes);

        // A budget smaller than one block's sidecars keeps only the newest block's.
        var tiny = new BlobSidecarCache(fixture.Chain, new SidecarStoreLimits(null, 1));
        fixture.BlockWithBlobs(1, 2_000, 11);
        Assert.Equal(7UL, tiny.OldestStored());
        Assert.Equal((long)size, tiny.StoredBytes);
    }
}
