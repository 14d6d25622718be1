using Lamina.L1.Rollups;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.State;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>Registration: once per id, never an id (a DA namespace) an optimistic rollup holds, and the reverse.</summary>
public sealed class ZkRegistrationTests
{
    [Fact]
    public void An_id_is_registered_once_and_never_shared_with_an_optimistic_rollup()
    {
        var kit = new ZkKit();
        Assert.Equal(ZkRollupError.RollupExists, kit.Refused(kit.Tx(2, new ZkRegisterPayload(ZkKit.Config))));
        var optimistic = new RollupConfig(ZkKit.Id, 4242, Core.Hash256.Zero, 1, 10, 5, TestKit.Addr(1));
        var e = Assert.Throws<RollupRejectedException>(() => RollupLedger.Register(kit.State, optimistic, kit.Height));
        Assert.Equal(RollupError.RollupExists, e.Error);
        RollupLedger.Register(kit.State, optimistic with { Id = 77 }, kit.Height);
        kit.State.Commit();
        Assert.Equal(ZkRollupError.RollupExists, kit.Refused(kit.Tx(2, new ZkRegisterPayload(ZkKit.Config with { RollupId = 77 }))));
        Assert.Equal(ZkRollupError.InvalidConfig, kit.Refused(kit.Tx(2, new ZkRegisterPayload(ZkKit.Config with { RollupId = 78, ExodusDelayBlocks = 0 }))));
        kit.Block(kit.Tx(2, new ZkRegisterPayload(new ZkRollupConfig(78, AccountTree.EmptyRoot, ZkAirVersions.Current, 1))));
        Assert.Equal([ZkKit.Id, 78u], ZkLedger.ReadIndex(kit.State).Ids);
    }
}
