using Lamina.Client;
using Lamina.Core.Codec;
using Lamina.L1.LightClient;

namespace Lamina.Node.Rpc;

/// <summary>Fetches light blocks from a node over JSON-RPC. The light client verifies everything it returns.</summary>
public sealed class RpcLightBlockProvider(LaminaRpcClient client) : ILightBlockProvider
{
    public async Task<LightBlock> GetLightBlockAsync(ulong height, CancellationToken cancellation = default)
        => Canonical.Decode<LightBlock>((await client.GetLightBlockAsync(height, cancellation)).Encoded);

    public async Task<ulong> GetLatestHeightAsync(CancellationToken cancellation = default)
        => (await client.GetHeadAsync(cancellation)).FinalizedHeight;
}
