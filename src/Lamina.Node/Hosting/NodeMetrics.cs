using Prometheus;

namespace Lamina.Node.Hosting;

/// <summary>The node's Prometheus metrics, served at /metrics.</summary>
public sealed class NodeMetrics
{
    private readonly CollectorRegistry _registry;

    public NodeMetrics(CollectorRegistry registry)
    {
        _registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        Height = factory.CreateGauge("lamina_l1_height", "Height of the newest committed L1 block.");
        FinalizedHeight = factory.CreateGauge("lamina_l1_finalized_height", "Height of the newest final L1 block.");
        Transactions = factory.CreateCounter("lamina_l1_transactions_total", "Transactions included in committed blocks.");
        MempoolSize = factory.CreateGauge("lamina_mempool_transactions", "Transactions waiting in the mempool.");
        MempoolBytes = factory.CreateGauge("lamina_mempool_bytes", "Bytes of transactions waiting in the mempool.");
        BlockInterval = factory.CreateHistogram("lamina_l1_block_interval_seconds", "Time between consecutive committed blocks (block timestamps).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        RpcRequests = factory.CreateCounter("lamina_rpc_requests_total", "JSON-RPC HTTP requests served.");
    }

    public CollectorRegistry Registry => _registry;
    public Gauge Height { get; }
    public Gauge FinalizedHeight { get; }
    public Counter Transactions { get; }
    public Gauge MempoolSize { get; }
    public Gauge MempoolBytes { get; }
    public Histogram BlockInterval { get; }
    public Counter RpcRequests { get; }
}
