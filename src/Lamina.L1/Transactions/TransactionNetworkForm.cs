using Lamina.Core.Codec;
using Lamina.L1.Blobs;

namespace Lamina.L1.Transactions;

/// <summary>
/// How a transaction travels before it is in a block (RPC submission, mempool gossip): its canonical encoding, and
/// for a blob transaction its sidecar after it, EIP-4844's "network form":
/// <code>transaction ‖ [blob: data (u32 length ‖ bytes)]</code>
/// The transaction's hash and signature cover only the canonical part, which commits to the bytes. Every other
/// kind's network form is its canonical encoding. A blob sent without its bytes, or with bytes that do not match its
/// commitment, is refused: a node cannot include a blob it does not hold.
/// </summary>
public static class TransactionNetworkForm
{
    public static byte[] Encode(Transaction tx)
    {
        if (tx.Payload.CarriedBlob is not { } blob) return tx.Encoded;
        var data = blob.Data ?? throw new InvalidSidecarException(SidecarError.Missing, $"blob transaction {tx.Hash} has no sidecar to send");
        var writer = new CanonicalWriter(tx.Encoded.Length + data.Length + 4);
        writer.WriteRaw(tx.Encoded);
        writer.WriteBytes(data);
        return writer.ToArray();
    }

    /// <summary>Decodes the network form. Throws <see cref="CodecException"/>, or <see cref="InvalidSidecarException"/> for a sidecar that does not match.</summary>
    public static Transaction Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Transaction.MaxEncodedSize) throw new CodecException(CodecError.Oversize, $"transaction is {bytes.Length} bytes, the limit is {Transaction.MaxEncodedSize}");
        var reader = new CanonicalReader(bytes);
        var tx = Transaction.Decode(ref reader);
        var canonicalLength = reader.Position;
        if (tx.Payload.CarriedBlob is { } blob)
        {
            if (reader.Remaining == 0) throw new CodecException(CodecError.Truncated, "a blob transaction is sent with its blob's bytes", reader.Position);
            var data = reader.ReadBytes(BlobParameters.MaxBlobBytes, "blob sidecar").ToArray();
            blob.AttachSidecar(data);
        }
        reader.EnsureEnd("transaction");
        tx.SetEncoded(bytes[..canonicalLength]);
        return tx;
    }
}
