using Prometheus;

namespace Lamina.Node.Hosting;

/// <summary>
/// The node's Prometheus registry, served at /metrics whatever the node's roles, with the node's own metrics. A module
/// adds its metrics by creating them through <see cref="Factory"/>; a gauge that is cheaper to read than to keep
/// current can be set just before each scrape with <see cref="BeforeScrape"/>.
/// </summary>
public sealed class NodeMetrics
{
    public NodeMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        Factory = Metrics.WithCustomRegistry(registry);
        RpcRequests = Factory.CreateCounter("lamina_rpc_requests_total", "JSON-RPC HTTP requests served.");
        PeersConnected = Factory.CreateGauge("lamina_p2p_peers", "Peers connected over the peer-to-peer network.");
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics in this node's registry (not the process-wide default one, so test hosts stay apart).</summary>
    public IMetricFactory Factory { get; }

    public Counter RpcRequests { get; }
    public Gauge PeersConnected { get; }

    /// <summary>Runs <paramref name="update"/> before every scrape of /metrics.</summary>
    public void BeforeScrape(Action update) => Registry.AddBeforeCollectCallback(update);
}
