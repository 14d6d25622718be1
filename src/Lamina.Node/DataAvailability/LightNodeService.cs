using Lamina.Client;
using Lamina.L1.Genesis;
using Lamina.L1.LightClient;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The light node's work: follow L1 with the light client (anchored at block 1, whose validator set must be the
/// genesis set) through an L1 node's RPC, and sample every new block that carries blobs from the DA nodes
/// (<see cref="LightSampler"/>), keeping the latest reports for light_status.
/// </summary>
public sealed class LightNodeService(GenesisConfig genesis, NodeConfig config, ILogger<LightNodeService> logger) : BackgroundService
{
    public const int KeptReports = 20;
    private readonly Lock _gate = new();
    private readonly List<SamplingReport> _reports = [];

    public ulong TrustedHeight { get; private set; }

    /// <summary>Bad-encoding proofs submitted to this light node, checked against the headers it verified.</summary>
    public LightFraudIntake Fraud { get; } = new();

    public IReadOnlyList<SamplingReport> Reports
    {
        get
        {
            lock (_gate) return [.. _reports];
        }
    }

    /// <summary>A bad-encoding proof rejected <paramref name="height"/>: a report already made for it now says so.</summary>
    public void MarkBadlyEncoded(ulong height)
    {
        lock (_gate)
        {
            for (var i = 0; i < _reports.Count; i++)
            {
                if (_reports[i].Height == height) _reports[i] = _reports[i] with { BadlyEncoded = true, Confidence = 0 };
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var l1 = new LaminaRpcClient(new Uri(config.LightRpc!));
        var daClients = config.LightDaNodes!.Select(u => new LaminaRpcClient(new Uri(u))).ToList();
        try
        {
            var sampler = new LightSampler([.. daClients.Select(c => new RpcDaShareSource(c))], Fraud.Verdicts);
            var provider = new RpcLightBlockProvider(l1);
            LightClient? light = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    light ??= await AnchorAsync(provider, stoppingToken);
                    if (light is not null) await FollowAsync(light, provider, daClients[0], sampler, stoppingToken);
                }
                catch (Exception e) when (e is RpcClientException or RpcException or LightClientException)
                {
                    logger.LogWarning("Light node: {Message}", e.Message);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var c in daClients) c.Dispose();
        }
    }

    private async Task<LightClient?> AnchorAsync(RpcLightBlockProvider provider, CancellationToken ct)
    {
        var light = await LightAnchor.AtBlockOneAsync(genesis, provider, ct);
        if (light is not null) TrustedHeight = 1;
        return light;
    }

    /// <summary>Verifies each new height in turn and samples those with blobs once their square is stored at a DA node.</summary>
    private async Task FollowAsync(LightClient light, RpcLightBlockProvider provider, LaminaRpcClient firstDa, LightSampler sampler, CancellationToken ct)
    {
        var latest = await provider.GetLatestHeightAsync(ct);
        while (TrustedHeight < latest && !ct.IsCancellationRequested)
        {
            var next = TrustedHeight + 1;
            var header = (await light.VerifyToHeightAsync(next, ct)).Header;
            Fraud.Verified(header);
            if (header.DataRoot != Lamina.Core.Hash256.Zero)
            {
                int k;
                try
                {
                    k = (await firstDa.GetSquareAsync(next, ct)).K;
                }
                catch (RpcException e) when (e.Reason == "notYetStored")
                {
                    return; // the DA nodes are a little behind: try this height again next round
                }
                var report = await sampler.SampleAsync(next, header.DataRoot, k, config.LightSamples, cancellation: ct);
                lock (_gate)
                {
                    _reports.Add(report);
                    if (_reports.Count > KeptReports) _reports.RemoveAt(0);
                }
                logger.LogInformation("Light node: block {Height} {Verdict}, {Verified}/{Samples} samples, confidence {Confidence:P4}",
                    next, report.Available ? "available" : "UNAVAILABLE", report.Verified, report.Samples.Count, report.Confidence);
            }
            TrustedHeight = next;
        }
    }
}
