using Lamina.Core;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>The blobs of one batch reference as L1 keeps them for derivation: each blob's commitment, and where the reference landed.</summary>
public sealed record RecordedBatch(IReadOnlyList<Hash256> Commitments, ulong PostedAtHeight);

/// <summary>
/// What L1 recorded that deriving one L2 block reads: L1 block times, the deposit and forced queues with the L1 height
/// of each entry, and every batch reference with the commitments of its blobs. L1 reads its own state; a challenger
/// reads the same records over RPC, so both rebuild a game alike.
/// </summary>
public interface IRollupDerivationRecords : IRollupL1Records
{
    ulong? L1TimeAt(ulong l1Height);

    /// <summary>The L1 height deposit <paramref name="index"/> was recorded at, null past the queue's end.</summary>
    ulong? DepositHeight(ulong index);

    /// <summary>Forced transaction <paramref name="index"/> as the step runs it, with its L1 height; null past the queue's end.</summary>
    (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index);

    RecordedBatch? Batch(ulong number);
}
