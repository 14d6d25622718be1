using Lamina.Client.Views;

namespace Lamina.Node.DataAvailability;

/// <summary>A DA node as a light node sees it: its custody, and shares with proofs. Nothing it answers is trusted.</summary>
public interface IDaShareSource
{
    /// <summary>A name for reports, e.g. the node's RPC URL.</summary>
    string Name { get; }

    Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation);

    Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation);
}

/// <summary>A DA node reached over JSON-RPC.</summary>
public sealed class RpcDaShareSource(Lamina.Client.LaminaRpcClient client) : IDaShareSource
{
    public string Name => client.Endpoint.ToString();

    public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation) => client.GetCustodyAsync(null, width, cancellation);

    public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation) => client.GetShareAsync(height, row, column, cancellation);
}
