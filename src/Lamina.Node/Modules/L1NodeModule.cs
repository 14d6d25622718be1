using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.L1.Mempool;
using Lamina.L1.Modules;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Hosting;
using Lamina.Node.Sidecars;
using Lamina.Node.Keys;
using Lamina.Node.Rpc;

namespace Lamina.Node.Modules;

/// <summary>
/// The settlement chain in a node: the chain and its mempool on the node's store, consensus (signing when the node
/// is a validator, following when it is a full node), the l1_* RPC methods, WebSocket heads at /ws, the explorer
/// page at /, and L1's metrics and health check. Its peer channels carry transactions, proposals, votes, evidence and block sync.
/// </summary>
public sealed class L1NodeModule : INodeModule
{
    public const string Validator = "validator";
    public const string Full = "full";

    public static readonly IReadOnlyList<string> ServedRoles = [Validator, Full];

    private SigningKey? _validatorKey;

    public string Name => "l1";

    public IReadOnlyList<string> Roles => ServedRoles;

    public IReadOnlyList<PeerChannel> PeerChannels { get; } =
    [
        // A transaction's network form (a ZK batch with its proof and pubdata blob) is up to Transaction.MaxEncodedSize; the envelope is a few bytes.
        new(ChannelIds.Transactions, "l1 transactions", L1.Transactions.Transaction.MaxEncodedSize + ChannelLimits.KiB),
        new(ChannelIds.BlockParts, "l1 block parts", 4 * ChannelLimits.MiB),
        new(ChannelIds.Votes, "l1 votes", 64 * ChannelLimits.KiB),
        new(ChannelIds.Evidence, "l1 evidence", 1 * ChannelLimits.MiB),
        // A sync response carries a batch of blocks with commits; the request/response envelope adds 9 bytes.
        new(ChannelIds.BlockSync, "l1 block sync", 8 * ChannelLimits.MiB),
        // Blob bytes travel beside blocks: a proposer's push, and requests for a proposal's sidecars.
        new(SidecarGossip.PushChannel, "l1 blob sidecars", SidecarGossip.MaxPayload),
        new(SidecarGossip.RequestChannel, "l1 blob sidecar requests", SidecarGossip.MaxPayload),
        // Bad-encoding fraud proofs: a validator that verifies one prevotes nil on the block it names.
        new(DataAvailability.BadEncodingGossip.Channel, "l1 bad-encoding proofs", DataAvailability.BadEncodingGossip.MaxPayload),
    ];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        var config = context.Config;
        var genesis = context.Genesis;
        _validatorKey = context.Runs(Validator) ? KeyFile.Read(Path.Combine(context.Home, config.ValidatorKeyFile!)) : null;
        var key = _validatorKey;
        // Other layers' settlement modules (blobs, rollups, the bridge) join the chain as L1Module services, in the
        // order their node modules registered them, which is the order of the module loop and so the same on every
        // node of a chain running the same roles' modules.
        services.AddSingleton(sp => new Blockchain(new ChainStore(context.Store), genesis, sp.GetRequiredService<TimeProvider>(),
            new MempoolOptions { MaxTransactions = config.MempoolMaxTransactions },
            new L1ModuleRegistry([.. L1ModuleRegistry.ForGenesis(genesis, sp.GetRequiredService<TimeProvider>()).Modules, .. sp.GetServices<L1Module>()])));
        services.AddSingleton(sp => new BlobSidecarCache(sp.GetRequiredService<Blockchain>(), SidecarStoreLimits.From(config)));
        services.AddSingleton<L1RpcMethods>();
        services.AddSingleton<IRpcMethodSet>(sp => sp.GetRequiredService<L1RpcMethods>());
        services.AddSingleton(_ => new Rollups.DisputeGameViews());
        services.AddSingleton<IRpcMethodSet>(sp => new Rollups.RollupRpcMethods(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<Rollups.DisputeGameViews>()));
        services.AddSingleton<IRpcMethodSet>(sp => new ZkRollups.ZkL1RpcMethods(sp.GetRequiredService<Blockchain>()));
        services.AddSingleton<IRpcMethodSet>(sp => new Rollups.DisputeRpcMethods(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<Rollups.DisputeGameViews>()));
        // The explorer's DA panel: recent blocks with blobs and, when configured, a light node's verdicts.
        if (genesis.Blobs is not null) services.AddSingleton<IRpcMethodSet>(sp => new DataAvailability.ExplorerDaRpcMethods(sp.GetRequiredService<Blockchain>(), config,
            new Rollups.ExplorerRollupViews(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<BlobSidecarCache>())));
        services.AddSingleton<HeadBroadcaster>();
        services.AddSingleton<L1Metrics>();
        services.AddSingleton<L1HealthCheck>();
        services.AddSingleton<INodeHealthCheck>(sp => sp.GetRequiredService<L1HealthCheck>());
        var timeouts = new TimeoutConfig(
            TimeSpan.FromMilliseconds(config.TimeoutProposeMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs),
            TimeSpan.FromMilliseconds(config.TimeoutVoteMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs),
            TimeSpan.FromMilliseconds(config.TimeoutVoteMs), TimeSpan.FromMilliseconds(config.TimeoutDeltaMs));
        // The jobs log through the host's factory, so sidecar refusals, sync trouble and proposal verdicts reach the node's output.
        services.AddSingleton(sp => new ConsensusDriver(sp.GetRequiredService<Blockchain>(), sp.GetRequiredService<P2PNode>(), key, config,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ConsensusDriver>>(), () =>
            {
                // The signer's last-signed state and the WAL are fsynced before anything leaves the process.
                var signer = key is null ? null : new DoubleSignGuard(key, new FileSignerStateStore(Path.Combine(context.DataDir, "signer.state")));
                var machine = new TendermintStateMachine(genesis.ChainId, new ConsensusConfig(timeouts), signer);
                return DurableConsensus.Recover(machine, new FileConsensusWal(Path.Combine(context.DataDir, "consensus.wal")));
            }, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<BlobSidecarCache>(), FaultOf(config)));
        services.AddHostedService(sp => sp.GetRequiredService<ConsensusDriver>());
    }

    private static SidecarFault FaultOf(NodeConfig config) => config.FaultWithholdSidecars switch
    {
        "all" => SidecarFault.WithholdAll,
        "part" => SidecarFault.WithholdPart,
        _ => SidecarFault.None,
    };

    public void Configure(NodeModuleContext context, WebApplication app)
    {
        var chain = app.Services.GetRequiredService<Blockchain>();
        // Built now, so it keeps every admitted blob's bytes and every committed block's sidecars from the start.
        _ = app.Services.GetRequiredService<BlobSidecarCache>();
        // Subscribe to new blocks now, so no head is missed between start-up and the first WebSocket client, and the
        // health check counts from the first commit this process sees.
        _ = app.Services.GetRequiredService<HeadBroadcaster>();
        _ = app.Services.GetRequiredService<L1HealthCheck>();
        app.Services.GetRequiredService<L1Metrics>().Follow(chain);
        // DA nodes that do not follow the chain fetch their custody columns from L1 nodes, which hold every sidecar.
        if (context.Genesis.Blobs is not null)
        {
            DataAvailability.Columns.DaColumnChannel.Register(app.Services.GetRequiredService<P2PNode>(),
                new DataAvailability.Columns.SidecarColumnSource(chain, app.Services.GetRequiredService<BlobSidecarCache>()));
        }
        var key = _validatorKey;
        app.Lifetime.ApplicationStopped.Register(() => key?.Dispose());

        app.Map("/ws", (HttpContext ctx, HeadBroadcaster heads) => heads.HandleAsync(ctx, app.Lifetime.ApplicationStopping));

        ExplorerAssets.Map(app);
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl)
    {
        entry["ws"] = baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws";
        entry["explorer"] = baseUrl + "/";
    }
}
