using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// One transaction as an L2 block records it. Encoding: kind ‖ body, where a deposit is queue index ‖ recipient ‖
/// amount, a forced transaction is queue index ‖ L1 height ‖ item, and a sequenced one is the item alone; an item is
/// tx kind ‖ sender ‖ recipient ‖ amount ‖ fee ‖ nonce ‖ signature (fixed widths: this is what the block's
/// transaction root commits to, not what the batch posts).
/// </summary>
public sealed record L2Transaction(L2TxKind Kind, ulong QueueIndex, ulong L1Height, Address Recipient, ulong Amount, OptimisticBatchItem Item)
{
    public const int ItemSize = 1 + PublicKey.Size + Address.Size + 24 + Signature.Size;
    public const int MaxEncodedSize = 1 + 16 + ItemSize;

    public static L2Transaction FromDeposit(L2Deposit d) => new(L2TxKind.Deposit, d.Index, 0, d.Recipient, d.Amount, default);

    public static L2Transaction FromForced(ForcedTransaction f) => new(L2TxKind.Forced, f.Index, f.L1Height, default, 0, f.Item);

    public static L2Transaction FromSequenced(OptimisticBatchItem item) => new(L2TxKind.Sequenced, 0, 0, default, 0, item);

    public L2Deposit Deposit => Kind == L2TxKind.Deposit ? new(QueueIndex, Recipient, Amount) : throw new InvalidOperationException("not a deposit");

    /// <summary>The leaf hash the block's transaction root is built from.</summary>
    public Hash256 Hash => BinaryMerkleTree.HashLeaf(Encode());

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(MaxEncodedSize);
        Write(writer);
        return writer.ToArray();
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU8((byte)Kind);
        switch (Kind)
        {
            case L2TxKind.Deposit:
                writer.WriteU64(QueueIndex);
                writer.WriteAddress(Recipient);
                writer.WriteU64(Amount);
                break;
            case L2TxKind.Forced:
                writer.WriteU64(QueueIndex);
                writer.WriteU64(L1Height);
                WriteItem(writer, Item);
                break;
            default:
                WriteItem(writer, Item);
                break;
        }
    }

    public static L2Transaction Read(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var kind = reader.ReadU8("l2 transaction kind");
        return kind switch
        {
            (byte)L2TxKind.Deposit => FromDeposit(new L2Deposit(reader.ReadU64("deposit index"), reader.ReadAddress("deposit recipient"), reader.ReadU64("deposit amount"))),
            (byte)L2TxKind.Forced => FromForced(new ForcedTransaction(reader.ReadU64("forced index"), reader.ReadU64("forced l1 height"), ReadItem(ref reader))),
            (byte)L2TxKind.Sequenced => FromSequenced(ReadItem(ref reader)),
            _ => throw new CodecException(CodecError.UnknownKind, $"l2 transaction kind {kind}", at),
        };
    }

    public static L2Transaction Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var tx = Read(ref reader);
        reader.EnsureEnd("l2 transaction");
        return tx;
    }

    private static void WriteItem(CanonicalWriter writer, OptimisticBatchItem item)
    {
        writer.WriteU8((byte)item.Kind);
        writer.WritePublicKey(item.Sender);
        writer.WriteAddress(item.Recipient);
        writer.WriteU64(item.Amount);
        writer.WriteU64(item.Fee);
        writer.WriteU64(item.Nonce);
        writer.WriteSignature(item.Signature);
    }

    private static OptimisticBatchItem ReadItem(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var kind = reader.ReadU8("item kind");
        if (kind > (byte)OptimisticTxKind.Withdrawal) throw new CodecException(CodecError.UnknownKind, $"l2 item kind {kind}", at);
        return new OptimisticBatchItem((OptimisticTxKind)kind, reader.ReadPublicKey("sender"), reader.ReadAddress("recipient"),
            reader.ReadU64("amount"), reader.ReadU64("fee"), reader.ReadU64("nonce"), reader.ReadSignature("signature"));
    }
}
