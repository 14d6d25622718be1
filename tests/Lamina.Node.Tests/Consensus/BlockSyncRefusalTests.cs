using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.State;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Tests.Support;
using Lamina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Tests.Consensus;

/// <summary>
/// Block sync blames a peer only for what the peer could have checked. A committed block this node's execution
/// refuses (its state disagrees with the validators') is the committed chain: every peer offers it, so none of them
/// is reported, and the node says once what is wrong. A block whose commit does not verify is the peer's doing.
/// </summary>
public sealed class BlockSyncRefusalTests : IDisposable
{
    private const string ChainId = "lamina-sync-refusal-test";
    private readonly SigningKey _validator = SigningKey.FromSeed(Enumerable.Repeat((byte)0x51, 32).ToArray());
    private readonly List<IDisposable> _stores = [];
    private readonly GenesisConfig _genesis;
    private readonly Blockchain _producer;

    /// <summary>At height <c>divergeAt</c> writes a record the chain's other nodes do not: its state root differs there.</summary>
    private sealed class DivergingModule(ulong divergeAt) : L1Module
    {
        public override string Name => "test-diverging";

        public override void EndBlock(WorldState state, in BlockContext block)
        {
            if (block.Height == divergeAt) state.SetRecord(StateKeys.Module(Name, [1]), new L1TimeRecord(block.Height));
        }
    }

    public BlockSyncRefusalTests()
    {
        _genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(_validator.PublicKey, 1_000)]),
            [(_validator.Address, 1_000_000)], ["v"]);
        _producer = Chain(null);
        for (var i = 0; i < 4; i++) _producer.ProduceBlock(_validator);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }

    private Blockchain Chain(L1Module? extra)
    {
        var store = new InMemoryStore();
        _stores.Add(store);
        var modules = L1ModuleRegistry.ForGenesis(_genesis);
        return new Blockchain(new ChainStore(store), _genesis, new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_100_000)), null, extra is null ? modules : modules.With(extra));
    }

    private static BlockSync Sync(Blockchain chain, IPeerNetwork net) => new(chain, net, new ImmediateLoop(), TimeProvider.System, NullLogger.Instance);

    [Fact]
    public void A_committed_block_this_node_refuses_is_not_blamed_on_the_peers_that_serve_it()
    {
        var hub = new HubNetwork();
        var first = hub.Join(1);
        var second = hub.Join(2);
        var me = hub.Join(3);
        Sync(_producer, first);
        Sync(_producer, second);
        var follower = Chain(new DivergingModule(divergeAt: 3));
        var sync = Sync(follower, me);

        // Every round asks both peers; both offer block 3, which this node's execution refuses every time.
        for (var round = 0; round < 3; round++) sync.RequestSoon(force: true);
        Assert.Equal(2UL, follower.Height);
        Assert.Empty(me.Reported);

        // The refusal is execution's, after the commit verified: the exception says so.
        var refused = Assert.Throws<InvalidBlockException>(() => follower.ImportBlock(_producer.Store.GetBlock(3)!, _producer.Store.GetCommit(3)!));
        Assert.True(refused.CommittedBlockRefused);
        Assert.Equal(BlockError.BadStateRoot, refused.Error);
    }

    [Fact]
    public void A_peer_that_serves_a_block_under_a_commit_that_does_not_verify_is_reported()
    {
        var hub = new HubNetwork();
        var forger = hub.Join(1);
        var me = hub.Join(2);
        // Block 1 under block 2's commit: signed by the validator, but for another block.
        var forged = new SyncResponse(_producer.Height, [(_producer.Store.GetBlock(1)!, _producer.Store.GetCommit(2)!)], [null]);
        forger.RegisterRequestHandler(ChannelIds.BlockSync, (_, _, _) => ValueTask.FromResult(Canonical.Encode(forged)));
        var follower = Chain(null);
        var sync = Sync(follower, me);

        sync.RequestSoon(force: true);
        Assert.Equal(0UL, follower.Height);
        Assert.Equal((forger.Id, Misbehavior.Invalid), Assert.Single(me.Reported));
        var refused = Assert.Throws<InvalidBlockException>(() => follower.ImportBlock(_producer.Store.GetBlock(1)!, _producer.Store.GetCommit(2)!));
        Assert.False(refused.CommittedBlockRefused);
    }
}
