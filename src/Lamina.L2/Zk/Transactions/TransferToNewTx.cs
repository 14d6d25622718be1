using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Transactions;

/// <summary>A transfer into an empty slot, registering <see cref="ToKey"/> there; the sender signs the key too.</summary>
public sealed record TransferToNewTx(uint From, uint To, ZkPublicKey ToKey, PackedAmount Amount, uint Nonce, ZkSignature Signature)
    : SignedZkTransaction
{
    public override ZkTxKind Kind => ZkTxKind.TransferToNew;
    public override uint Signer => From;

    public static TransferToNewTx Create(uint from, uint to, ZkPublicKey toKey, PackedAmount amount, uint nonce, ZkSigningKey key, ZkRollupDomain domain)
    {
        var unsigned = new TransferToNewTx(from, to, toKey, amount, nonce, default);
        return unsigned with { Signature = key.Sign(unsigned.SigningMessage(domain)) };
    }

    protected override int WriteFieldElements(Span<Felt> d)
    {
        d[0] = From;
        d[1] = To;
        d[2] = Felt.FromU64(Amount.Bits);
        d[3] = Nonce;
        for (int i = 0; i < 5; i++)
        {
            d[4 + i] = ToKey.W[i];
        }
        return 9;
    }

    protected override void EncodeFields(CanonicalWriter writer)
    {
        writer.WriteU32(From);
        writer.WriteU32(To);
        WriteKey(writer, ToKey);
        WritePacked(writer, Amount);
        writer.WriteU32(Nonce);
        WriteSignature(writer, Signature);
    }

    internal static TransferToNewTx DecodeFields(ref CanonicalReader reader) =>
        new(ReadIndex(ref reader, "from"), ReadIndex(ref reader, "to"), ReadKey(ref reader), ReadPacked(ref reader),
            reader.ReadU32("nonce"), ReadSignature(ref reader));
}
