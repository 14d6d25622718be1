using Lamina.Consensus;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.Node.Consensus;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>The L1 service: a <see cref="Blockchain"/> over the node's store and the real consensus jobs.</summary>
internal sealed class L1Service : ISimService
{
    private L1Service(Blockchain chain, ConsensusJobs jobs)
    {
        Chain = chain;
        Jobs = jobs;
    }

    public string Name => "l1";
    public Blockchain Chain { get; }
    public ConsensusJobs Jobs { get; }

    public static L1Service Start(SimNodeContext ctx, GenesisConfig genesis, ConsensusConfig consensusConfig, TimeSpan blockInterval, ISignatureVerifier verifier)
    {
        var node = ctx.Node;
        var chain = new Blockchain(new ChainStore(node.Store), genesis, ctx.Clock);
        // A Byzantine equivocator signs with a bare key; honest validators sign behind the double-sign guard.
        IVoteSigner signer = node.Behavior == ByzantineBehavior.Equivocate ? new RawSigner(node.Key) : new DoubleSignGuard(node.Key, node.SignerStore);
        var jobs = new ConsensusJobs(chain, ctx.Network, ctx.Loop, node.Key, blockInterval, ctx.Clock, null,
            () => DurableConsensus.Recover(new TendermintStateMachine(genesis.ChainId, consensusConfig, signer, verifier), node.Wal), verifier);
        jobs.Start(CancellationToken.None);
        return new L1Service(chain, jobs);
    }
}
