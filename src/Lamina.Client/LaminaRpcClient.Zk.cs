using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client;

/// <summary>
/// The zk_* methods of a ZK rollup operator (role zk-operator), each returning a checked view. Transactions are sent
/// as the bytes of a signed ZK transaction (Lamina.L2's <c>ZkTransaction.Encode()</c>).
/// </summary>
public sealed partial class LaminaRpcClient
{
    public Task<ZkSendView> SendZkTransactionAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellation = default)
        => ReadAsync("zk_sendTransaction", [Hex.Encode(encoded.Span)], ZkSendView.Read, cancellation);

    public Task<ZkAccountView> GetZkAccountAsync(uint index, CancellationToken cancellation = default)
        => ReadAsync("zk_getAccount", [index], ZkAccountView.Read, cancellation);

    public Task<ZkOperatorHeadView> GetZkOperatorHeadAsync(CancellationToken cancellation = default)
        => ReadAsync("zk_head", [], ZkOperatorHeadView.Read, cancellation);

    /// <summary>Batch <paramref name="number"/> as the operator knows it; NotFound when it was not cut yet.</summary>
    public Task<ZkOperatorBatchView> GetZkOperatorBatchAsync(ulong number, CancellationToken cancellation = default)
        => ReadAsync("zk_getBatch", [number], ZkOperatorBatchView.Read, cancellation);

    public Task<ZkPendingView> GetZkPendingAsync(int max = 100, CancellationToken cancellation = default)
        => ReadAsync("zk_pending", [max], ZkPendingView.Read, cancellation);
}
