using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.Network;
using Lamina.Node.Hosting;

namespace Lamina.Node.Modules;

/// <summary>
/// L1's part of /health, as load balancers and probes need it: the node is alive only while blocks keep being
/// committed. It counts from the last commit this process saw (or from its start, so a restart gets the same grace),
/// because a chain that stopped finalizing (too many validators down) still answers RPC perfectly well from its old head.
/// </summary>
public sealed class L1HealthCheck : INodeHealthCheck
{
    private readonly Blockchain _chain;
    private readonly P2PNode _net;
    private readonly NodeConfig _config;
    private readonly TimeProvider _time;
    private static readonly ulong MaxUnixMs = (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private long _lastCommitUnixMs;

    public L1HealthCheck(Blockchain chain, P2PNode net, NodeConfig config, TimeProvider time)
    {
        _chain = chain;
        _net = net;
        _config = config;
        _time = time;
        _lastCommitUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        chain.BlockCommitted += OnBlockCommitted;
    }

    public string Name => "l1";

    public TimeSpan StallAfter => TimeSpan.FromSeconds(_config.HealthStallAfterSeconds);

    private void OnBlockCommitted(Block block, IReadOnlyList<Receipt> receipts)
        => Interlocked.Exchange(ref _lastCommitUnixMs, _time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// Stalled when nothing was committed for <paramref name="stallAfter"/>. Syncing when blocks arrive but the head's
    /// own timestamp is that far behind the clock: the node is importing old blocks, and its answers are not current.
    /// </summary>
    public static HealthStatus Evaluate(TimeSpan sinceLastCommit, TimeSpan headAge, TimeSpan stallAfter)
    {
        if (sinceLastCommit >= stallAfter) return HealthStatus.Stalled;
        return headAge >= stallAfter ? HealthStatus.Syncing : HealthStatus.Ok;
    }

    public HealthCheckResult Check()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var sinceCommit = TimeSpan.FromMilliseconds(Math.Max(0, nowMs - Interlocked.Read(ref _lastCommitUnixMs)));
        var head = _chain.Head.Header;
        var headAge = TimeSpan.FromMilliseconds(Math.Max(0, nowMs - (long)Math.Min(head.TimeMs, MaxUnixMs)));
        var status = Evaluate(sinceCommit, headAge, StallAfter);
        var fields = new JsonObject
        {
            ["chainId"] = _chain.ChainId,
            ["height"] = _chain.Height,
            ["finalizedHeight"] = _chain.FinalizedHeight,
            ["secondsSinceLastCommit"] = Math.Round(sinceCommit.TotalSeconds, 3),
            ["headTime"] = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(head.TimeMs, MaxUnixMs)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["syncing"] = status == HealthStatus.Syncing,
            ["mempool"] = _chain.Mempool.Count,
            ["stallAfterSeconds"] = _config.HealthStallAfterSeconds,
        };
        var reason = status switch
        {
            HealthStatus.Stalled => $"no block committed for {sinceCommit.TotalSeconds:F0} s (limit {_config.HealthStallAfterSeconds} s); " +
                $"{_net.Peers.Count} peer(s) connected, head {_chain.Height}",
            HealthStatus.Syncing => $"catching up: the head block is {headAge.TotalSeconds:F0} s old",
            _ => null,
        };
        return new HealthCheckResult(status, fields, reason);
    }
}
