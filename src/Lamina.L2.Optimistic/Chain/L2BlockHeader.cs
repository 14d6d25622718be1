using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// An L2 block header. It commits to its parent, its L1 origin (the L1 height whose deposits and forced queue it has
/// seen; after OP Stack's epoch), its time in milliseconds, the queue positions it has consumed through (so a block
/// says on its own which deposits and forced transactions came before it), the delay buffer's deficit after it (how
/// far the forced-inclusion buffer is below its maximum, 0 = full: a derivation value, in the header so that L1's
/// dispute game derives the next block's forced window from the agreed parent alone), the transactions and the final
/// state root. Every field is one L1's dispute game can judge: the state after each transaction is what the game's
/// execution claims bisect over, not a header field (version 1 carried a root of them that no game could judge, so a
/// proposer could post a wrong one unrefuted).
/// Encoding (149 bytes): version 2 ‖ number ‖ parent hash ‖ L1 origin ‖ timestamp ms ‖ next deposit ‖ next forced ‖
/// delay buffer deficit ‖ tx count (u32) ‖ tx root ‖ state root.
/// Hash = H("lamina/l2/optimistic/block", encoding).
/// </summary>
public readonly record struct L2BlockHeader(
    ulong Number,
    Hash256 ParentHash,
    ulong L1Origin,
    ulong TimestampMs,
    ulong NextDeposit,
    ulong NextForced,
    ulong DelayBufferDeficit,
    uint TxCount,
    Hash256 TxRoot,
    Hash256 StateRoot)
{
    public const byte Version = 2;
    public const int EncodedSize = 1 + 8 + Hash256.Size + 8 * 5 + 4 + Hash256.Size * 2;
    private static readonly DomainTag HashTag = new("lamina/l2/optimistic/block");

    /// <summary>The first block of a rollup: number 0, no parent, the registration's L1 height and genesis state root.</summary>
    public static L2BlockHeader Genesis(ulong l1Origin, ulong timestampMs, Hash256 stateRoot) =>
        new(0, Hash256.Zero, l1Origin, timestampMs, 0, 0, 0, 0, Hash256.Zero, stateRoot);

    public Hash256 Hash => DomainHasher.Hash(HashTag, Encode());

    /// <summary>What a proposer posts for this block.</summary>
    public OptimisticOutput Output => new(StateRoot, Hash, Number);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        Write(writer);
        return writer.ToArray();
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Number);
        writer.WriteHash(ParentHash);
        writer.WriteU64(L1Origin);
        writer.WriteU64(TimestampMs);
        writer.WriteU64(NextDeposit);
        writer.WriteU64(NextForced);
        writer.WriteU64(DelayBufferDeficit);
        writer.WriteU32(TxCount);
        writer.WriteHash(TxRoot);
        writer.WriteHash(StateRoot);
    }

    public static L2BlockHeader Read(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "l2 block header");
        return new L2BlockHeader(reader.ReadU64("number"), reader.ReadHash("parent hash"), reader.ReadU64("l1 origin"),
            reader.ReadU64("timestamp"), reader.ReadU64("next deposit"), reader.ReadU64("next forced"), reader.ReadU64("delay buffer deficit"), reader.ReadU32("tx count"),
            reader.ReadHash("tx root"), reader.ReadHash("state root"));
    }

    public static L2BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var header = Read(ref reader);
        reader.EnsureEnd("l2 block header");
        return header;
    }
}
