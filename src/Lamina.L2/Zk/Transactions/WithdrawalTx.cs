using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Transactions;

/// <summary>Moves funds out of the rollup to an L1 address (paid by L1 once the batch's proof is accepted).</summary>
public sealed record WithdrawalTx(uint From, ulong Amount, Address Recipient, uint Nonce, ZkSignature Signature) : SignedZkTransaction
{
    public override ZkTxKind Kind => ZkTxKind.Withdrawal;
    public override uint Signer => From;

    public static WithdrawalTx Create(uint from, ulong amount, Address recipient, uint nonce, ZkSigningKey key, ZkRollupDomain domain)
    {
        var unsigned = new WithdrawalTx(from, amount, recipient, nonce, default);
        return unsigned with { Signature = key.Sign(unsigned.SigningMessage(domain)) };
    }

    protected override int WriteFieldElements(Span<Felt> d)
    {
        d[0] = From;
        d[1] = Felt.FromU64(Amount);
        d[2] = Nonce;
        AddressElements(Recipient, d.Slice(3, 3));
        return 6;
    }

    protected override void EncodeFields(CanonicalWriter writer)
    {
        writer.WriteU32(From);
        writer.WriteU64(Amount);
        writer.WriteAddress(Recipient);
        writer.WriteU32(Nonce);
        WriteSignature(writer, Signature);
    }

    internal static WithdrawalTx DecodeFields(ref CanonicalReader reader) =>
        new(ReadIndex(ref reader, "from"), ReadAmount(ref reader, "amount"), reader.ReadAddress("recipient"), reader.ReadU32("nonce"),
            ReadSignature(ref reader));
}
