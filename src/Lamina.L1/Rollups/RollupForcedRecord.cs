using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// A forced transaction queued on L1: the <see cref="Index"/>-th of rollup <see cref="RollupId"/> (no gaps), sent by
/// <see cref="L1Sender"/> in L1 block <see cref="L1Height"/> (time <see cref="L1TimeMs"/>), carrying a signed L2
/// transaction (<see cref="L2Kind"/> ‖ <see cref="L2Transaction"/>, see <see cref="ForcedL2Transaction"/>). Derivation
/// must include it in the L2 chain derived from L1 blocks up to <see cref="L1Height"/> + the sequencing window.
/// Encoding: version (1) ‖ rollup id ‖ index (u64 each) ‖ l1 sender (20) ‖ l2 kind (u8) ‖ l2 transaction
/// (u32 length ‖ bytes, at most 512) ‖ l1 height ‖ l1 time ms (u64 each).
/// </summary>
public sealed record RollupForcedRecord(ulong RollupId, ulong Index, Address L1Sender, byte L2Kind, byte[] L2Transaction, ulong L1Height, ulong L1TimeMs)
    : ICanonical<RollupForcedRecord>
{
    public const byte Version = 1;

    /// <summary>The last L1 height whose derived L2 chain may still lack this transaction.</summary>
    public ulong DeadlineHeight(RollupConfig config) => checked(L1Height + config.SequencingWindowBlocks);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(RollupId);
        writer.WriteU64(Index);
        writer.WriteAddress(L1Sender);
        writer.WriteU8(L2Kind);
        writer.WriteBytes(L2Transaction);
        writer.WriteU64(L1Height);
        writer.WriteU64(L1TimeMs);
    }

    public static RollupForcedRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup forced transaction");
        var rollup = reader.ReadU64("rollup id");
        var index = reader.ReadU64("forced index");
        var sender = reader.ReadAddress("l1 sender");
        var kind = reader.ReadU8("l2 kind");
        var at = reader.Position;
        var bytes = reader.ReadBytes(RollupLimits.MaxForcedTransactionBytes, "l2 transaction");
        try
        {
            ForcedL2Transaction.Validate(kind, bytes);
        }
        catch (CodecException e)
        {
            throw new CodecException(e.Error, $"forced L2 transaction: {e.Message}", at);
        }
        return new RollupForcedRecord(rollup, index, sender, kind, bytes.ToArray(), reader.ReadU64("l1 height"), reader.ReadU64("l1 time"));
    }

    public bool Equals(RollupForcedRecord? other) => other is not null && RollupId == other.RollupId && Index == other.Index && L1Sender == other.L1Sender
        && L2Kind == other.L2Kind && L2Transaction.AsSpan().SequenceEqual(other.L2Transaction) && L1Height == other.L1Height && L1TimeMs == other.L1TimeMs;

    public override int GetHashCode() => HashCode.Combine(RollupId, Index, L1Sender, L2Kind, L2Transaction.Length, L1Height, L1TimeMs);
}
