using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.DataAvailability;
using Lamina.Node.Sidecars;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lamina.Node.Consensus;

/// <summary>
/// One L1 node's consensus-side services, each with its own channel: the consensus loop, proposal gossip, transaction
/// gossip, evidence gossip, blob sidecars, bad-encoding proofs and block sync. They share the chain, a network and a loop, and are composed the same way
/// in a real process (<see cref="ConsensusDriver"/>) and in the whole-node simulation.
/// </summary>
public sealed class ConsensusJobs
{
    private readonly Func<(DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects)> _recover;

    public ConsensusJobs(Blockchain chain, IPeerNetwork net, INodeLoop loop, SigningKey? key, TimeSpan blockInterval, TimeProvider time,
        ILoggerFactory? loggers, Func<(DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects)> recover,
        ISignatureVerifier? verifier = null, BlobSidecarCache? sidecarCache = null, BadEncodingVerdicts? badEncoding = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        _recover = recover;
        Loop = loop;
        SidecarCache = sidecarCache ?? new BlobSidecarCache(chain);
        Transactions = new TransactionGossip(chain, net);
        Evidence = new EvidenceGossip(chain, net, loop, loggers.CreateLogger<EvidenceGossip>());
        Sidecars = new SidecarGossip(chain, net, loop, SidecarCache, loggers.CreateLogger<SidecarGossip>());
        Availability = new ProposalAvailability(SidecarCache, badEncoding ??= new BadEncodingVerdicts());
        Proposals = new ProposalGossip(chain, net, loop, time, loggers.CreateLogger<ProposalGossip>(), Sidecars, Availability);
        // A valid bad-encoding proof marks its block; a proposal waiting for sidecars is looked at again (now refused).
        BadEncoding = new BadEncodingGossip(chain, net, loop, badEncoding, Proposals, loggers.CreateLogger<BadEncodingGossip>());
        BadEncoding.Accepted += _ => Sidecars.Arrived?.Invoke();
        Sync = new BlockSync(chain, net, loop, time, loggers.CreateLogger<BlockSync>(), SidecarCache);
        Consensus = new ConsensusLoop(chain, net, loop, key, blockInterval, loggers.CreateLogger<ConsensusLoop>(), Proposals, Evidence, Sync, verifier, Sidecars);
    }

    public BlobSidecarCache SidecarCache { get; }
    public SidecarGossip Sidecars { get; }
    public ProposalAvailability Availability { get; }
    public BadEncodingGossip BadEncoding { get; }

    public INodeLoop Loop { get; }
    public ConsensusLoop Consensus { get; }
    public ProposalGossip Proposals { get; }
    public TransactionGossip Transactions { get; }
    public EvidenceGossip Evidence { get; }
    public BlockSync Sync { get; }

    /// <summary>
    /// Recovers the state machine from its WAL and starts consensus and block sync on the loop. The transaction
    /// worker is the caller's to run (<see cref="TransactionGossip.RunAsync"/>, or <see cref="TransactionGossip.AdmitQueued"/>).
    /// </summary>
    public void Start(CancellationToken stopping)
    {
        var (consensus, replayed) = _recover();
        Loop.Post(() => Consensus.Start(consensus, replayed));
        Sync.Start(stopping);
    }
}
