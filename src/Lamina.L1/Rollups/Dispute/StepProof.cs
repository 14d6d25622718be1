using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What a step posts: the opened pre-state point, the transaction at its cursor (a <see cref="OneStepTransaction"/>
/// encoding) with its Merkle path in the point's transaction list, and the one-step witness. When the pre-state has
/// finished its list (or already failed) the transaction, path and witness are empty: the step is the identity.
/// Encoding: version 1 ‖ pre point (74) ‖ tx bytes (u32 length ≤ 144: a masked list's leaf carries its bit) ‖ path count (u32 ≤ 32) ‖ path ‖ witness bytes
/// (u32 length ≤ <see cref="OneStepWitness.MaxEncodedSize"/>).
/// </summary>
public sealed record StepProof(ExecutionPoint Pre, byte[] Transaction, IReadOnlyList<Hash256> TxPath, byte[] Witness)
{
    public const byte Version = 1;
    public const int MaxPathLength = 32;

    /// <summary>A one-step transaction, or in a derived (masked) list its mask bit ‖ the transaction.</summary>
    public const int MaxTransactionSize = 1 + OneStepTransaction.MaxEncodedSize;
    public const int MaxEncodedSize = 1 + ExecutionPoint.EncodedSize + 4 + MaxTransactionSize + 4 + MaxPathLength * Hash256.Size + 4 + OneStepWitness.MaxEncodedSize;

    public static StepProof Identity(ExecutionPoint pre) => new(pre, [], [], []);

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256 + Witness.Length);
        writer.WriteU8(Version);
        Pre.Write(writer);
        writer.WriteBytes(Transaction);
        writer.WriteCount(TxPath.Count);
        foreach (var hash in TxPath) writer.WriteHash(hash);
        writer.WriteBytes(Witness);
        return writer.ToArray();
    }

    public static StepProof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"step proof of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "step proof");
        var pre = ExecutionPoint.Read(ref reader);
        var tx = reader.ReadBytes(MaxTransactionSize, "step transaction").ToArray();
        var count = reader.ReadCount(MaxPathLength, Hash256.Size, "step tx path");
        var path = new Hash256[count];
        for (var i = 0; i < count; i++) path[i] = reader.ReadHash("tx path node");
        var witness = reader.ReadBytes(OneStepWitness.MaxEncodedSize, "step witness").ToArray();
        reader.EnsureEnd("step proof");
        return new StepProof(pre, tx, path, witness);
    }
}
