using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Transactions;

/// <summary>A transfer between two existing accounts: 12 bytes of pubdata.</summary>
public sealed record TransferTx(uint From, uint To, PackedAmount Amount, uint Nonce, ZkSignature Signature) : SignedZkTransaction
{
    public override ZkTxKind Kind => ZkTxKind.Transfer;
    public override uint Signer => From;

    public static TransferTx Create(uint from, uint to, PackedAmount amount, uint nonce, ZkSigningKey key, ZkRollupDomain domain)
    {
        var unsigned = new TransferTx(from, to, amount, nonce, default);
        return unsigned with { Signature = key.Sign(unsigned.SigningMessage(domain)) };
    }

    protected override int WriteFieldElements(Span<Felt> d)
    {
        d[0] = From;
        d[1] = To;
        d[2] = Felt.FromU64(Amount.Bits);
        d[3] = Nonce;
        return 4;
    }

    protected override void EncodeFields(CanonicalWriter writer)
    {
        writer.WriteU32(From);
        writer.WriteU32(To);
        WritePacked(writer, Amount);
        writer.WriteU32(Nonce);
        WriteSignature(writer, Signature);
    }

    internal static TransferTx DecodeFields(ref CanonicalReader reader) =>
        new(ReadIndex(ref reader, "from"), ReadIndex(ref reader, "to"), ReadPacked(ref reader), reader.ReadU32("nonce"), ReadSignature(ref reader));
}
