using System.Diagnostics;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;

namespace Lamina.Node.Hosting;

/// <summary>
/// Produces a block every interval when this node's validator alone holds a quorum (a single-validator chain).
/// Empty blocks are produced too, as CometBFT does by default, so time and finality keep moving.
/// </summary>
public sealed class BlockProducer(Blockchain chain, SigningKey? key, NodeConfig config, NodeMetrics metrics, TimeProvider time, ILogger<BlockProducer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (key is null || config.Role != "validator")
        {
            logger.LogInformation("Not a validator: following the chain without producing blocks");
            return;
        }
        var validator = chain.Genesis.Validators.Find(key.Address);
        if (validator is null || !chain.Genesis.Validators.IsQuorum(validator.Power))
        {
            logger.LogWarning("Validator {Address} holds no quorum alone; multi-validator consensus is not part of this build, so this node will not produce blocks", key.Address);
            return;
        }
        logger.LogInformation("Producing a block every {Interval} ms as {Address}, from height {Height}", config.BlockIntervalMs, key.Address, chain.Height + 1);
        var interval = TimeSpan.FromMilliseconds(config.BlockIntervalMs);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var started = Stopwatch.GetTimestamp();
            var parentTime = chain.Head.Header.TimeMs;
            var block = chain.ProduceBlock(key);
            metrics.BlockProduction.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            metrics.BlockInterval.Observe((block.Header.TimeMs - parentTime) / 1000.0);
            if (block.Transactions.Count > 0) logger.LogInformation("Committed block {Height} with {Count} transactions", block.Height, block.Transactions.Count);
        }
    }
}
