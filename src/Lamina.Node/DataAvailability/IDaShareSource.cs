using Lamina.Client.Views;

namespace Lamina.Node.DataAvailability;

/// <summary>A DA node as a light node sees it: its custody, and shares with proofs. Nothing it answers is trusted.</summary>
public interface IDaShareSource
{
    /// <summary>A name for reports, e.g. the node's RPC URL.</summary>
    string Name { get; }

    Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation);

    Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation);

    /// <summary>
    /// Several positions of one height in one call (da_sample): one answer per position, null for one the node did not
    /// serve. A source without a batch call asks them one by one.
    /// </summary>
    async Task<IReadOnlyList<DaShareView?>> GetSharesAsync(ulong height, IReadOnlyList<(int Row, int Column)> positions, CancellationToken cancellation)
    {
        var answers = new List<DaShareView?>(positions.Count);
        foreach (var (row, column) in positions)
        {
            try
            {
                answers.Add(await GetShareAsync(height, row, column, cancellation));
            }
            catch (Exception e) when (e is Lamina.Client.RpcException or Lamina.Client.RpcClientException)
            {
                answers.Add(null);
            }
        }
        return answers;
    }
}

/// <summary>A DA node reached over JSON-RPC.</summary>
public sealed class RpcDaShareSource(Lamina.Client.LaminaRpcClient client) : IDaShareSource
{
    public string Name => client.Endpoint.ToString();

    public Task<DaCustodyView> GetCustodyAsync(int width, CancellationToken cancellation) => client.GetCustodyAsync(null, width, cancellation);

    public Task<DaShareView> GetShareAsync(ulong height, int row, int column, CancellationToken cancellation) => client.GetShareAsync(height, row, column, cancellation);

    public Task<IReadOnlyList<DaShareView?>> GetSharesAsync(ulong height, IReadOnlyList<(int Row, int Column)> positions, CancellationToken cancellation)
        => client.SampleAsync(height, positions, cancellation);
}
