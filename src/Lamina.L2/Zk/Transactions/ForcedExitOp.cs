using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// An exit the operator cannot censor: requested on L1 (which queues it with <see cref="Serial"/>), signed by the
/// account, it withdraws the whole balance to <see cref="Recipient"/>. If the nonce no longer matches (the account
/// moved on since the request) or the signature does not verify, the operation is consumed without effect and
/// the pubdata says so.
/// </summary>
public sealed record ForcedExitOp(ulong Serial, uint Account, Address Recipient, uint Nonce, ZkSignature Signature) : SignedZkTransaction
{
    public override ZkTxKind Kind => ZkTxKind.ForcedExit;
    public override uint Signer => Account;

    public static ForcedExitOp Create(ulong serial, uint account, Address recipient, uint nonce, ZkSigningKey key, ZkRollupDomain domain)
    {
        var unsigned = new ForcedExitOp(serial, account, recipient, nonce, default);
        return unsigned with { Signature = key.Sign(unsigned.SigningMessage(domain)) };
    }

    /// <summary>The serial is not signed: L1 assigns it when it queues the request.</summary>
    protected override int WriteFieldElements(Span<Felt> d)
    {
        d[0] = Account;
        d[1] = Nonce;
        AddressElements(Recipient, d.Slice(2, 3));
        return 5;
    }

    protected override void EncodeFields(CanonicalWriter writer)
    {
        writer.WriteU64(Serial);
        writer.WriteU32(Account);
        writer.WriteAddress(Recipient);
        writer.WriteU32(Nonce);
        WriteSignature(writer, Signature);
    }

    internal static ForcedExitOp DecodeFields(ref CanonicalReader reader) =>
        new(reader.ReadU64("serial"), ReadIndex(ref reader, "account"), reader.ReadAddress("recipient"), reader.ReadU32("nonce"),
            ReadSignature(ref reader));
}
