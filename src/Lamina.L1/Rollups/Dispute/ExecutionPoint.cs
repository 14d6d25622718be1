using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What a claim below the block level commits to: the state of executing one L2 block's transaction list after
/// <see cref="Cursor"/> transactions. <see cref="TxListRoot"/> (binary Merkle root over the hashes of the transactions'
/// <c>OneStepTransaction</c> encodings) pins which transaction comes at every cursor, so no party chooses the
/// transaction a step runs. <see cref="AllApplied"/> turns false at the first transaction the rules reject and stays
/// false: an honest block records only transactions that applied, and a rejected one leaves the state root unchanged,
/// so a block that records a transaction derivation would drop has the honest state roots — the flag is what differs.
/// Encoding: version 1 ‖ state root ‖ tx list root ‖ tx count (u32) ‖ cursor (u32) ‖ all applied (bool), 74 bytes.
/// Commitment = H("lamina/l1/dispute/execution-point", encoding).
/// </summary>
public readonly record struct ExecutionPoint(Hash256 StateRoot, Hash256 TxListRoot, uint TxCount, uint Cursor, bool AllApplied)
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + Hash256.Size * 2 + 4 + 4 + 1;
    private static readonly DomainTag CommitmentTag = new("lamina/l1/dispute/execution-point");

    /// <summary>Where execution of a block starts: its parent's state root, nothing executed yet.</summary>
    public static ExecutionPoint Start(Hash256 parentStateRoot, Hash256 txListRoot, uint txCount) => new(parentStateRoot, txListRoot, txCount, 0, true);

    public bool Finished => Cursor >= TxCount;

    public Hash256 Commitment => DomainHasher.Hash(CommitmentTag, Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(EncodedSize);
        Write(writer);
        return writer.ToArray();
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteHash(StateRoot);
        writer.WriteHash(TxListRoot);
        writer.WriteU32(TxCount);
        writer.WriteU32(Cursor);
        writer.WriteBool(AllApplied);
    }

    public static ExecutionPoint Read(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "execution point");
        var root = reader.ReadHash("state root");
        var list = reader.ReadHash("tx list root");
        var count = reader.ReadU32("tx count");
        var at = reader.Position;
        var cursor = reader.ReadU32("cursor");
        if (cursor > count) throw new CodecException(CodecError.InvalidValue, $"cursor {cursor} is past the {count} transactions", at);
        return new ExecutionPoint(root, list, count, cursor, reader.ReadBool("all applied"));
    }

    public static ExecutionPoint Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var point = Read(ref reader);
        reader.EnsureEnd("execution point");
        return point;
    }
}
