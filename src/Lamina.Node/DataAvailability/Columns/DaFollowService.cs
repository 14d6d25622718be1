using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Genesis;
using Lamina.L1.LightClient;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// A DA node that does not follow the chain (roles ["da"] alone): its light client verifies L1's headers through
/// <c>daL1Rpc</c> (anchored at block 1, checked against the genesis validator set), and for every header with a data
/// root inside the retention window the <see cref="DaColumnFetcher"/> gets this node's custody columns from peers.
/// Heights whose columns could not all be had are retried every second; what falls out of the window is pruned. A
/// restarted node walks the window again and fetches what it does not hold, so it re-syncs its columns.
/// </summary>
public sealed class DaFollowService(GenesisConfig genesis, NodeConfig config, DaStore store, DaCustody custody, DaColumnFetcher fetcher, ILogger<DaFollowService> logger)
    : BackgroundService, IDaChainView
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private readonly GenesisConfig _genesis = genesis;
    private readonly ulong _retention = (genesis.Blobs ?? throw new ConfigException("the da role needs a chain whose genesis turns blobs on (a \"blobs\" section)")).RetentionBlocks;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<ulong, (Hash256 BlockHash, Hash256 DataRoot)> _pending = [];
    private ulong _trusted;
    private DateTime _lastRetry;

    /// <summary>The highest height whose header the light client verified and this node has looked at.</summary>
    public ulong Head => Interlocked.Read(ref _trusted);

    /// <summary>The headers the light client verified, against which bad-encoding proofs are checked (<see cref="HeaderFraudGossip"/>).</summary>
    public LightFraudIntake Fraud { get; } = new();

    /// <summary>Raised after a height's custody columns are all stored (height, outcome).</summary>
    public event Action<ulong, DaSyncOutcome>? Synced;

    public bool IsBlobFree(ulong height)
    {
        lock (_gate) return height <= Head && !_pending.ContainsKey(height);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var l1 = new LaminaRpcClient(new Uri(config.DaL1Rpc!));
        var provider = new RpcLightBlockProvider(l1);
        LightClient? light = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    light ??= await LightAnchor.AtBlockOneAsync(_genesis, provider, stoppingToken);
                    if (light is not null) await FollowAsync(light, provider, stoppingToken);
                }
                catch (Exception e) when (e is RpcClientException or RpcException or LightClientException)
                {
                    logger.LogWarning("DA node: {Message}", e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A fault here must not stop the host: the next round starts again from what is stored.
                    logger.LogError(e, "DA node: following the chain failed");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FollowAsync(LightClient light, RpcLightBlockProvider provider, CancellationToken ct)
    {
        var latest = await provider.GetLatestHeightAsync(ct);
        var next = Head + 1;
        var windowStart = WindowStart(latest);
        // Below the window there is nothing to keep: one skipping verification lands just under it.
        if (next + 1 < windowStart && light.Trusted.Height < windowStart - 1)
        {
            await light.VerifyToHeightAsync(windowStart - 1, ct);
            Interlocked.Exchange(ref _trusted, windowStart - 1);
            next = windowStart;
        }
        while (next <= latest && !ct.IsCancellationRequested)
        {
            var header = next == light.Trusted.Height ? light.Trusted.Header : (await light.VerifyToHeightAsync(next, ct)).Header;
            Fraud.Verified(header);
            if (header.DataRoot != Hash256.Zero) await SyncAsync(next, header.Hash, header.DataRoot, ct);
            Interlocked.Exchange(ref _trusted, next);
            next++;
        }
        if (DateTime.UtcNow - _lastRetry >= RetryEvery)
        {
            _lastRetry = DateTime.UtcNow;
            List<KeyValuePair<ulong, (Hash256, Hash256)>> retry;
            lock (_gate) retry = [.. _pending];
            foreach (var (height, (hash, root)) in retry)
            {
                if (height < WindowStart(Head)) Forget(height);
                else await SyncAsync(height, hash, root, ct);
            }
        }
        var floor = WindowStart(Head);
        if (store.PruneBelow(floor) > 0) logger.LogDebug("DA node: pruned squares below height {Height}", floor);
    }

    private async Task SyncAsync(ulong height, Hash256 blockHash, Hash256 dataRoot, CancellationToken ct)
    {
        if (Holds(height, dataRoot))
        {
            Forget(height);
            return;
        }
        var outcome = await fetcher.SyncAsync(height, blockHash, dataRoot, ct);
        if (outcome is DaSyncOutcome.Complete or DaSyncOutcome.Reconstructed)
        {
            Forget(height);
            logger.LogInformation("DA node: height {Height}: {Outcome}, custody columns {Columns} stored", height, outcome, store.HeldColumns(height).Count);
            Synced?.Invoke(height, outcome);
            return;
        }
        lock (_gate)
        {
            if (_pending.TryAdd(height, (blockHash, dataRoot))) logger.LogInformation("DA node: height {Height}: {Outcome}; retrying", height, outcome);
        }
    }

    /// <summary>True when the roots and every custody column of this square are already stored (a restart, a re-seed).</summary>
    private bool Holds(ulong height, Hash256 dataRoot)
    {
        if (store.GetSquare(height) is not { } record || record.Header.DataRoot != dataRoot) return false;
        var held = store.HeldColumns(height);
        return custody.Columns(record.Header.Width).All(held.Contains);
    }

    private void Forget(ulong height)
    {
        lock (_gate) _pending.Remove(height);
    }

    private ulong WindowStart(ulong head) => head >= _retention ? head - _retention + 1 : 0;
}
