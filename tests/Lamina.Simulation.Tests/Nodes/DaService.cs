using Lamina.Node.DataAvailability;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The DA service of a simulated node (the devnet's ["validator", "da"]): the real <see cref="DaColumnKeeper"/>,
/// <see cref="DaStore"/> (on the node's durable store, so columns survive a crash) and <see cref="DaRpcMethods"/>.
/// The keeper runs on the node's loop after each commit instead of on its own queue, and catches up on start, which
/// is how a restarted DA node re-syncs its columns.
/// </summary>
internal sealed class DaService : ISimService
{
    /// <summary>Custody groups per simulated DA node: a quarter of PeerDAS's 128, as on the devnet's four nodes (32 there too).</summary>
    public const int CustodyGroupCount = 32;

    private DaService(DaStore store, DaCustody custody, DaColumnKeeper keeper, DaRpcMethods rpc, ulong startHeight)
    {
        Store = store;
        Custody = custody;
        Keeper = keeper;
        Rpc = rpc;
        StartHeight = startHeight;
    }

    public string Name => "da";
    public DaStore Store { get; }
    public DaCustody Custody { get; }
    public DaColumnKeeper Keeper { get; }
    public DaRpcMethods Rpc { get; }

    /// <summary>The chain height this incarnation started at: a restarted node must re-sync past it.</summary>
    public ulong StartHeight { get; }

    public static DaService Start(SimNodeContext ctx, L1Service l1)
    {
        var chain = l1.Chain;
        var store = new DaStore(ctx.Node.Store);
        var custody = new DaCustody(ctx.Node.PeerId.Address, CustodyGroupCount);
        var keeper = new DaColumnKeeper(chain, store, custody, l1.Jobs.SidecarCache, NullLogger<DaColumnKeeper>.Instance)
        {
            // A block this node committed before its sidecars came is asked of peers (as the host wires it).
            RequestSidecars = l1.Jobs.Sidecars.Request,
        };
        chain.BlockCommitted += (_, _) => ctx.Loop.Post(() => keeper.CatchUp(chain.Height));
        ctx.Loop.Post(() => keeper.CatchUp(chain.Height));
        return new DaService(store, custody, keeper, new DaRpcMethods(chain, store, custody, l1.Jobs.SidecarCache), chain.Height);
    }
}
