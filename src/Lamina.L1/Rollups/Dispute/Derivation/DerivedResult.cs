using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>L1's <see cref="DerivedResult"/> of move <see cref="Move"/> of a game (its index in the record's moves).</summary>
public sealed record StoredDerivation(int Move, DerivedResult Result);

/// <summary>
/// What a derived descent's replay needs of the list L1 derived for it, kept by L1 in the game record when the move
/// is applied (<see cref="DisputeGameRecord.Derived"/>): the header fields derivation fixes, where the list came from,
/// how many candidates it has and the two roots the mover's mask makes of them. A later move replays the descent from
/// this instead of deriving again, so the blob checks and the decompression run once, in the move that paid for them.
/// L1 alone writes it (no move carries one), so it is trusted like the rest of L1's state.
/// Encoding (inside the game record): number ‖ parent hash (32) ‖ origin ‖ timestamp ms ‖ next deposit ‖ next forced ‖
/// delay buffer deficit (u64 each but the hash) ‖ source: L1 height (u64) ‖ batch (u64) ‖ blob position (u32) ‖
/// candidate count (u32 ≤ <see cref="DerivedOpening.MaxMask"/>) ‖ masked root (32) ‖ applied root (32).
/// </summary>
public sealed record DerivedResult(ulong Number, Hash256 ParentHash, ulong Origin, ulong TimestampMs, ulong NextDeposit, ulong NextForced, ulong DelayBufferDeficit,
    DerivationSource Source, uint CandidateCount, Hash256 MaskedRoot, Hash256 AppliedRoot)
{
    public const int EncodedSize = 8 + Hash256.Size + 5 * 8 + 8 + 8 + 4 + 4 + 2 * Hash256.Size;

    /// <summary>The result of <paramref name="list"/> under <paramref name="mask"/> (one Merkle root each over its candidates).</summary>
    public static DerivedResult Of(DerivedList list, bool[] mask) =>
        new(list.Number, list.ParentHash, list.Origin, list.TimestampMs, list.NextDeposit, list.NextForced, list.DelayBufferDeficit, list.Source,
            checked((uint)list.Candidates.Count), list.MaskedRoot(mask), list.AppliedRoot(mask));

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU64(Number);
        writer.WriteHash(ParentHash);
        writer.WriteU64(Origin);
        writer.WriteU64(TimestampMs);
        writer.WriteU64(NextDeposit);
        writer.WriteU64(NextForced);
        writer.WriteU64(DelayBufferDeficit);
        writer.WriteU64(Source.Height);
        writer.WriteU64(Source.Batch);
        writer.WriteU32(Source.Position);
        writer.WriteU32(CandidateCount);
        writer.WriteHash(MaskedRoot);
        writer.WriteHash(AppliedRoot);
    }

    public static DerivedResult Read(ref CanonicalReader reader)
    {
        var number = reader.ReadU64("derived block number");
        var parent = reader.ReadHash("derived parent hash");
        var origin = reader.ReadU64("derived origin");
        var time = reader.ReadU64("derived timestamp ms");
        var deposit = reader.ReadU64("derived next deposit");
        var forced = reader.ReadU64("derived next forced");
        var deficit = reader.ReadU64("derived delay buffer deficit");
        var source = new DerivationSource(reader.ReadU64("source l1 height"), reader.ReadU64("source batch"), reader.ReadU32("source blob position"));
        var at = reader.Position;
        var count = reader.ReadU32("derived candidate count");
        if (count > DerivedOpening.MaxMask) throw new CodecException(CodecError.Oversize, $"a derived list of {count} candidates exceeds {DerivedOpening.MaxMask}", at);
        return new DerivedResult(number, parent, origin, time, deposit, forced, deficit, source, count, reader.ReadHash("masked root"), reader.ReadHash("applied root"));
    }
}
