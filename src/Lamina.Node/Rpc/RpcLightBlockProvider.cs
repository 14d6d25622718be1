using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.LightClient;

namespace Lamina.Node.Rpc;

/// <summary>Fetches light blocks from a node over JSON-RPC. The light client verifies everything it returns.</summary>
public sealed class RpcLightBlockProvider(LaminaRpcClient client) : ILightBlockProvider
{
    public async Task<LightBlock> GetLightBlockAsync(ulong height, CancellationToken cancellation = default)
    {
        var result = await client.CallAsync("l1_lightBlock", height) ?? throw new RpcException(RpcErrorCodes.NotFound, $"no light block at {height}");
        return Canonical.Decode<LightBlock>(Hex.Decode(result["encoded"]!.GetValue<string>()));
    }

    public async Task<ulong> GetLatestHeightAsync(CancellationToken cancellation = default)
        => (await client.CallAsync("l1_head"))!["finalizedHeight"]!.GetValue<ulong>();
}
