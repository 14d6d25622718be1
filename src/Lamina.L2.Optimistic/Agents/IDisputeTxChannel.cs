using Lamina.Core;
using Lamina.L1.Transactions;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>What a sender sees of one of its transactions on its node: in a block or not, and whether that block is final.</summary>
public readonly record struct DisputeTxSighting(bool Included, bool Final);

/// <summary>
/// How <see cref="DisputeSender"/> reaches a sender's L1 node: over JSON-RPC in a process (<c>ClientDisputeL1</c>), through
/// simulated messages in the whole-node simulation. The rules that decide whether a transaction is coming live in
/// <see cref="DisputeSender"/>, so every caller applies the same ones.
/// </summary>
public interface IDisputeTxChannel
{
    /// <summary>The sender's committed nonce and its next nonce counting the transactions its node holds for it.</summary>
    Task<(ulong Nonce, ulong PendingNonce)> AccountAsync(CancellationToken cancellationToken);

    /// <summary>The base fee per gas a transaction must pay now.</summary>
    Task<ulong> BaseFeeAsync(CancellationToken cancellationToken);

    /// <summary>The node's head height (blocks are counted while a transaction is next in line).</summary>
    Task<ulong> HeightAsync(CancellationToken cancellationToken);

    /// <summary>Hands a signed transaction to the node; throws a <see cref="DisputeSendException"/> (Refused) when it refuses it.</summary>
    Task SubmitAsync(Transaction tx, CancellationToken cancellationToken);

    /// <summary>What the node knows of the transaction: null once it holds it no more and has it in no block.</summary>
    Task<DisputeTxSighting?> SightAsync(Hash256 hash, CancellationToken cancellationToken);

    /// <summary>Waits until the next look (a poll interval).</summary>
    Task PauseAsync(CancellationToken cancellationToken);

    /// <summary>The time the send timeout runs on.</summary>
    DateTimeOffset Now { get; }
}
