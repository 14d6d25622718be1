using Lamina.Core.Codec;

namespace Lamina.L1.Transactions;

/// <summary>The kind-specific part of a transaction.</summary>
public abstract class TxPayload
{
    public abstract TxKind Kind { get; }

    /// <summary>Gas charged before the payload runs; covers signature checking and state access.</summary>
    public abstract ulong IntrinsicGas { get; }

    internal abstract void EncodeBody(CanonicalWriter writer);

    internal static TxPayload Decode(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var kind = reader.ReadU8("transaction kind");
        return kind switch
        {
            (byte)TxKind.Transfer => TransferPayload.DecodeBody(ref reader),
            (byte)TxKind.Stake => StakePayload.DecodeBody(ref reader),
            (byte)TxKind.Unstake => UnstakePayload.DecodeBody(ref reader),
            (byte)TxKind.Unjail => new UnjailPayload(),
            (byte)TxKind.WithdrawUnbonded => new WithdrawUnbondedPayload(),
            _ => throw new CodecException(CodecError.UnknownKind, $"transaction kind {kind} is unknown", at),
        };
    }
}
