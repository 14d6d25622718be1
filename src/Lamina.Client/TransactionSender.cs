using Lamina.Core;

namespace Lamina.Client;

/// <summary>
/// Sends transactions from one key without nonce collisions. Each send takes its nonce from the node's pending nonce
/// through a per-key <see cref="NonceTracker"/> (shared by everything in this process), signs it with the caller's
/// callback, and submits it. When the nonce turns out to be taken anyway — another process sending from the same key
/// got there first (<c>NonceTooLow</c>, <c>ReplacementUnderpriced</c>) — it re-reads the pending nonce and signs again,
/// up to <see cref="MaxAttempts"/> times. A nonce gap resets the tracker to the node's view. Any other refusal is the
/// caller's (an <see cref="RpcException"/> with its reason).
/// </summary>
public sealed class TransactionSender(LaminaRpcClient client, NonceTracker? nonces = null)
{
    public const int MaxAttempts = 8;

    /// <summary>One tracker per process unless the caller brings its own: the nonces a process hands out are per key, not per sender object.</summary>
    public static NonceTracker ProcessNonces { get; } = new();

    private readonly NonceTracker _nonces = nonces ?? ProcessNonces;

    /// <summary>Signs with <paramref name="sign"/> for a free nonce of <paramref name="sender"/> and submits the transaction.</summary>
    public async Task<SentTransaction> SendAsync(Address sender, Func<ulong, SignedTransaction> sign, CancellationToken cancellation = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pending = (await client.GetAccountAsync(sender, cancellation: cancellation)).PendingNonce;
            var nonce = _nonces.Reserve(sender, pending);
            var tx = sign(nonce);
            try
            {
                var hash = await client.SendTransactionAsync(tx.Encoded, cancellation);
                return new SentTransaction(hash, nonce, attempt);
            }
            catch (RpcException e) when (e.Code == RpcErrorCodes.TransactionRejected && attempt < MaxAttempts && IsNonceConflict(e.Reason))
            {
                if (e.Reason == "NonceGap") _nonces.Reset(sender);
            }
        }
    }

    /// <summary>Refusals that mean "this nonce is not the free one", not "this transaction is wrong".</summary>
    private static bool IsNonceConflict(string? reason) => reason is "NonceTooLow" or "ReplacementUnderpriced" or "NonceGap";
}
