using Lamina.Client;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Node.Modules;

namespace Lamina.Node.Zk;

/// <summary>
/// The zk-operator role as a node runs it: L1 reached through Lamina.Client (<see cref="ClientZkSettlement"/>: the ZK
/// settlement module's zkl1_* methods, pubdata from a DA node), the operator's journal in the node's store. With
/// zk.registerIfMissing (the devnet) it registers the rollup, with the empty genesis root, when L1 does not know it.
/// </summary>
public static class ClientZkOperator
{
    public static async Task<ZkOperatorRole> CreateAsync(NodeModuleContext context, CancellationToken cancellationToken)
    {
        var zk = context.Config.Zk!;
        var l1 = new LaminaRpcClient(new Uri(zk.L1Rpc));
        var da = new LaminaRpcClient(new Uri(zk.DaRpc ?? zk.L1Rpc));
        var key = Lamina.Client.Keys.KeyFile.Read(Path.Combine(context.Home, zk.OperatorKeyFile));
        var chainId = await l1.GetChainIdAsync(cancellationToken);
        var journal = new ZkOperatorJournal(context.Store);
        var settlement = new ClientZkSettlement(l1, da, zk.RollupId, chainId, key, journal);
        Client.Views.ZkRollupView rollup;
        try
        {
            rollup = await l1.GetZkRollupAsync(zk.RollupId, cancellationToken);
        }
        catch (RpcException e) when (e.Code == RpcErrorCodes.NotFound && zk.RegisterIfMissing)
        {
            await settlement.RegisterAsync(AccountTree.EmptyRoot, zk.ExodusDelayBlocks, cancellationToken);
            rollup = await l1.GetZkRollupAsync(zk.RollupId, cancellationToken);
        }
        if (!rollup.GenesisAccountRoot.ToArray().AsSpan().SequenceEqual(AccountTree.EmptyRoot.ToBytes()))
            throw new ConfigException($"ZK rollup {zk.RollupId} starts from genesis account root {rollup.GenesisAccountRoot}; this operator starts from the empty tree");
        var domain = new ZkRollupDomain(chainId, zk.RollupId);
        var options = zk.Options();
        var core = new ZkOperatorCore(domain, journal, options, TimeProvider.System);
        var prover = new ZkBatchProver(domain, zk.ProofOptions(), sequential: true, proofVersion: ProofVersionFor(zk.RollupId, rollup.AirVersion));
        var op = new ZkOperator(core, settlement, prover, options, TimeProvider.System);
        return new ZkOperatorRole(op, zk.RollupId, op.RunAsync);
    }

    /// <summary>The batch proof version to prove a rollup's batches with: the AIR version it registered, for good. An
    /// operator upgraded to a newer default keeps proving an older rollup's batches in the statement L1 checks them against.</summary>
    internal static byte ProofVersionFor(uint rollupId, uint airVersion) =>
        airVersion <= byte.MaxValue && ZkBatchProof.IsKnownVersion((byte)airVersion)
            ? (byte)airVersion
            : throw new ConfigException($"ZK rollup {rollupId} is registered under AIR version {airVersion}, which this operator cannot prove; upgrade the node");
}
