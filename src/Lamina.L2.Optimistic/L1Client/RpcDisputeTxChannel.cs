using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary><see cref="DisputeSender"/>'s node over Lamina.Client: l1_getAccount, l1_feeInfo, l1_head, l1_sendTransaction, l1_getTransaction, polled.</summary>
internal sealed class RpcDisputeTxChannel(LaminaRpcClient l1, Address sender, TimeSpan pollInterval, TimeProvider time) : IDisputeTxChannel
{
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<(ulong Nonce, ulong PendingNonce)> AccountAsync(CancellationToken cancellationToken)
    {
        var account = await l1.GetAccountAsync(sender, cancellation: cancellationToken);
        return (account.Nonce, account.PendingNonce);
    }

    public async Task<ulong> BaseFeeAsync(CancellationToken cancellationToken) => (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;

    public async Task<ulong> HeightAsync(CancellationToken cancellationToken) => (await l1.GetHeadAsync(cancellationToken)).Height;

    public async Task SubmitAsync(Transaction tx, CancellationToken cancellationToken)
    {
        try
        {
            await l1.SendTransactionAsync(tx.Encoded, cancellationToken);
        }
        catch (RpcException e)
        {
            throw new DisputeSendException(DisputeSendFailure.Refused, tx.Hash, $"dispute transaction {tx.Hash} was refused: {e.Message}", e);
        }
    }

    public async Task<DisputeTxSighting?> SightAsync(Hash256 hash, CancellationToken cancellationToken) =>
        await l1.GetTransactionAsync(hash, cancellationToken) is { } seen ? new DisputeTxSighting(seen.IsIncluded, seen.Finalized) : null;

    public Task PauseAsync(CancellationToken cancellationToken) => Task.Delay(pollInterval, time, cancellationToken);
}
