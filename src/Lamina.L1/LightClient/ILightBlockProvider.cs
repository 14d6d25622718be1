namespace Lamina.L1.LightClient;

/// <summary>Where light blocks come from: a full node's RPC, or a test double. Nothing it returns is trusted.</summary>
public interface ILightBlockProvider
{
    Task<LightBlock> GetLightBlockAsync(ulong height, CancellationToken cancellation = default);
    Task<ulong> GetLatestHeightAsync(CancellationToken cancellation = default);
}
