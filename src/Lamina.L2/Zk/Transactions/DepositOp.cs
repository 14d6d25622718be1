using Lamina.Core.Codec;
using Lamina.L2.Zk.Crypto;

namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// Funds locked in the L1 bridge, queued with <see cref="Serial"/>, credited to the account at <see cref="To"/>
/// registered to <see cref="Key"/> (the slot is created if empty). A deposit that cannot be credited (the slot
/// holds another key, or the balance would pass the limit) is consumed and marked refunded in the pubdata.
/// </summary>
public sealed record DepositOp(ulong Serial, uint To, ZkPublicKey Key, ulong Amount) : ZkTransaction
{
    public override ZkTxKind Kind => ZkTxKind.Deposit;

    protected override void EncodeFields(CanonicalWriter writer)
    {
        writer.WriteU64(Serial);
        writer.WriteU32(To);
        WriteKey(writer, Key);
        writer.WriteU64(Amount);
    }

    internal static DepositOp DecodeFields(ref CanonicalReader reader) =>
        new(reader.ReadU64("serial"), ReadIndex(ref reader, "to"), ReadKey(ref reader), ReadAmount(ref reader, "amount"));
}
