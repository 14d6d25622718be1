using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// Pays out an L2 withdrawal: the <see cref="Receipt"/> and a <see cref="Proof"/> that output
/// <see cref="OutputIndex"/> of the rollup commits to it. Anyone may send it (a relayer, for instance); the funds go
/// to the receipt's L1 recipient. Body: rollup id (u64) ‖ output index (u64) ‖ receipt (57) ‖ proof (u32 length ‖
/// <see cref="OptimisticWithdrawalProof"/> encoding).
/// </summary>
public sealed class RollupWithdrawPayload : TxPayload
{
    /// <summary>Covers a full-depth inclusion proof (256 hashes) and the records.</summary>
    public const ulong Gas = 120_000;

    public RollupWithdrawPayload(ulong rollupId, ulong outputIndex, OptimisticWithdrawalReceipt receipt, OptimisticWithdrawalProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        RollupId = rollupId;
        OutputIndex = outputIndex;
        Receipt = receipt;
        Proof = proof;
    }

    public ulong RollupId { get; }
    public ulong OutputIndex { get; }
    public OptimisticWithdrawalReceipt Receipt { get; }
    public OptimisticWithdrawalProof Proof { get; }
    public override TxKind Kind => TxKind.RollupWithdraw;
    public override ulong IntrinsicGas => Gas;

    public override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
        writer.WriteRaw(Receipt.Encode());
        writer.WriteBytes(Proof.Encode());
    }

    internal static RollupWithdrawPayload DecodeBody(ref CanonicalReader reader)
    {
        var id = reader.ReadU64("rollup id");
        var output = reader.ReadU64("output index");
        var receiptAt = reader.Position;
        var receiptBytes = reader.ReadRaw(OptimisticWithdrawalReceipt.EncodedSize, "withdrawal receipt").ToArray();
        var receipt = Nested(receiptAt, () => OptimisticWithdrawalReceipt.Decode(receiptBytes));
        var proofAt = reader.Position;
        var proofBytes = reader.ReadBytes(OptimisticWithdrawalProof.MaxEncodedSize, "withdrawal proof").ToArray();
        var proof = Nested(proofAt, () => OptimisticWithdrawalProof.Decode(proofBytes));
        // The transaction is signed over its encoding: the proof must have exactly one, or one payload would have two.
        if (!proof.Encode().AsSpan().SequenceEqual(proofBytes)) throw new CodecException(CodecError.NonCanonical, "the withdrawal proof is not canonically encoded", proofAt);
        return new RollupWithdrawPayload(id, output, receipt, proof);
    }

    private static T Nested<T>(int at, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (CodecException e)
        {
            throw new CodecException(e.Error, e.Message, at);
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, e.Message, at);
        }
    }
}
