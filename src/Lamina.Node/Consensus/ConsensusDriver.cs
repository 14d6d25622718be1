using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.Network;

namespace Lamina.Node.Consensus;

/// <summary>
/// Runs a node's <see cref="ConsensusJobs"/> in a real process: recovers consensus from its WAL and runs the node
/// loop on a channel with <see cref="TimeProvider"/> timers until the host stops. The peer-to-peer node is the host's
/// (<see cref="Hosting.PeerNetworkService"/>), started before this and stopped after it.
/// </summary>
public sealed class ConsensusDriver : BackgroundService
{
    private readonly Blockchain _chain;
    private readonly P2PNode _net;
    private readonly SigningKey? _key;
    private readonly ILogger<ConsensusDriver> _logger;
    private readonly ChannelNodeLoop _loop;

    public ConsensusDriver(Blockchain chain, P2PNode net, SigningKey? key, NodeConfig config, TimeProvider time,
        ILogger<ConsensusDriver> logger, Func<(DurableConsensus Consensus, IReadOnlyList<ConsensusEffect> Effects)> recover, ILoggerFactory? loggers = null,
        Sidecars.BlobSidecarCache? sidecars = null, Sidecars.SidecarFault fault = Sidecars.SidecarFault.None)
    {
        _chain = chain;
        _net = net;
        _key = key;
        _logger = logger;
        _loop = new ChannelNodeLoop(time, logger);
        Jobs = new ConsensusJobs(chain, net, _loop, key, TimeSpan.FromMilliseconds(config.BlockIntervalMs), time, loggers, recover, sidecarCache: sidecars);
        Jobs.Sidecars.Fault = fault;
        Jobs.Transactions.KeepBlobsPrivate = fault != Sidecars.SidecarFault.None;
    }

    public ConsensusJobs Jobs { get; }
    public EvidencePool Evidence => Jobs.Evidence.Pool;
    public ulong ConsensusHeight => Jobs.Consensus.Height;
    public uint ConsensusRound => Jobs.Consensus.Round;

    /// <summary>Gossiped transactions dropped because the admission queue was full (best-effort, like any gossip).</summary>
    public long DroppedGossipTransactions => Jobs.Transactions.Dropped;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Jobs.Start(stoppingToken);
        _logger.LogInformation("Consensus starting at height {Height} as {Role}; p2p {Endpoint} ({Id})",
            _chain.Height + 1, _key is null ? "observer" : _key.Address.ToString(), _net.LocalEndPoint, _net.Id);
        _ = Task.Run(() => Jobs.Transactions.RunAsync(stoppingToken), stoppingToken);
        await _loop.RunAsync(() => ConsensusHeight, stoppingToken);
    }
}
