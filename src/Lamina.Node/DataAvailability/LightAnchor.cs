using Lamina.L1.Genesis;
using Lamina.L1.LightClient;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Where the light client of a node without a chain of its own (a light node, a DA node that only fetches columns)
/// starts: block 1, whose validator set must be the genesis set.
/// </summary>
public static class LightAnchor
{
    /// <summary>A light client trusting block 1, or null while the chain has not finalized it.</summary>
    public static async Task<LightClient?> AtBlockOneAsync(GenesisConfig genesis, RpcLightBlockProvider provider, CancellationToken cancellation)
    {
        if (await provider.GetLatestHeightAsync(cancellation) < 1) return null;
        var first = await provider.GetLightBlockAsync(1, cancellation);
        HeaderVerifier.CheckSelfConsistent(genesis.ChainId, first);
        if (first.Validators.Hash != genesis.Validators.Hash) throw new LightClientException(LightClientError.BrokenLink, "block 1 is not signed by the genesis validator set");
        return new LightClient(genesis.ChainId, first, new LightClientOptions(TimeSpan.FromDays(365)), provider, TimeProvider.System);
    }
}
