using Lamina.L1.Chain;
using Lamina.Node.Hosting;
using Prometheus;

namespace Lamina.Node.Modules;

/// <summary>L1's metrics in the node's registry: heights, transactions, the mempool and the block interval.</summary>
public sealed class L1Metrics
{
    private readonly NodeMetrics _node;

    public L1Metrics(NodeMetrics node)
    {
        var factory = node.Factory;
        Height = factory.CreateGauge("lamina_l1_height", "Height of the newest committed L1 block.");
        FinalizedHeight = factory.CreateGauge("lamina_l1_finalized_height", "Height of the newest final L1 block.");
        Transactions = factory.CreateCounter("lamina_l1_transactions_total", "Transactions included in committed blocks.");
        MempoolSize = factory.CreateGauge("lamina_mempool_transactions", "Transactions waiting in the mempool.");
        MempoolBytes = factory.CreateGauge("lamina_mempool_bytes", "Bytes of transactions waiting in the mempool.");
        BlockInterval = factory.CreateHistogram("lamina_l1_block_interval_seconds", "Time between consecutive committed blocks (block timestamps).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        _node = node;
    }

    public Gauge Height { get; }
    public Gauge FinalizedHeight { get; }
    public Counter Transactions { get; }
    public Gauge MempoolSize { get; }
    public Gauge MempoolBytes { get; }
    public Histogram BlockInterval { get; }

    /// <summary>Follows <paramref name="chain"/>'s commits from now on, and reads its mempool at every scrape.</summary>
    public void Follow(Blockchain chain)
    {
        Height.Set(chain.Height);
        FinalizedHeight.Set(chain.FinalizedHeight);
        ulong lastBlockTime = chain.Head.Header.TimeMs;
        chain.BlockCommitted += (block, _) =>
        {
            if (block.Header.TimeMs > lastBlockTime) BlockInterval.Observe((block.Header.TimeMs - lastBlockTime) / 1000.0);
            lastBlockTime = block.Header.TimeMs;
            Height.Set(block.Height);
            FinalizedHeight.Set(chain.FinalizedHeight);
            Transactions.Inc(block.Transactions.Count);
            MempoolSize.Set(chain.Mempool.Count);
            MempoolBytes.Set(chain.Mempool.Bytes);
        };
        _node.BeforeScrape(() =>
        {
            MempoolSize.Set(chain.Mempool.Count);
            MempoolBytes.Set(chain.Mempool.Bytes);
        });
    }
}
