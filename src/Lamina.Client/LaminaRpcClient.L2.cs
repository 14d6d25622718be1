using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client;

/// <summary>
/// The l2_* methods of an optimistic rollup node (roles sequencer and verifier), each returning a checked view.
/// Transactions are sent as the bytes of a sequenced L2 transaction (built with Lamina.L2.Optimistic's
/// <c>L2Transaction.FromSequenced(item).Encode()</c>).
/// </summary>
public sealed partial class LaminaRpcClient
{
    public Task<L2SendView> SendL2TransactionAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellation = default)
        => ReadAsync("l2_sendTransaction", [Hex.Encode(encoded.Span)], L2SendView.Read, cancellation);

    public Task<L2AccountView> GetL2AccountAsync(Address address, CancellationToken cancellation = default)
        => ReadAsync("l2_getAccount", [address.ToString()], L2AccountView.Read, cancellation);

    public Task<L2HeadsView> GetL2HeadAsync(CancellationToken cancellation = default)
        => ReadAsync("l2_head", [], L2HeadsView.Read, cancellation);

    public Task<L2TransactionView> GetL2TransactionAsync(Hash256 hash, CancellationToken cancellation = default)
        => ReadAsync("l2_getTransaction", [hash.ToString()], L2TransactionView.Read, cancellation);

    /// <summary>The proof of withdrawal (sender, nonce) against the finalized output; NotFound (reason notFinalized) before.</summary>
    public Task<L2WithdrawalProofView> GetL2WithdrawalProofAsync(Address sender, ulong nonce, CancellationToken cancellation = default)
        => ReadAsync("l2_getWithdrawalProof", [sender.ToString(), nonce], L2WithdrawalProofView.Read, cancellation);
}
