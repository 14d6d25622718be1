using Lamina.Core.Codec;

namespace Lamina.L1.Transactions;

/// <summary>Bonds <see cref="Amount"/> of the sender's balance as validator stake; the sender's key becomes its consensus key.</summary>
public sealed class StakePayload(UInt128 amount) : TxPayload
{
    public const ulong Gas = 50_000;
    public UInt128 Amount { get; } = amount;
    public override TxKind Kind => TxKind.Stake;
    public override ulong IntrinsicGas => Gas;
    public override void EncodeBody(CanonicalWriter writer) => writer.WriteU128(Amount);
    internal static StakePayload DecodeBody(ref CanonicalReader reader) => new(reader.ReadU128("stake amount"));
}

/// <summary>Starts unbonding <see cref="Amount"/> of the sender's stake; it is withdrawable after the unbonding period.</summary>
public sealed class UnstakePayload(UInt128 amount) : TxPayload
{
    public const ulong Gas = 50_000;
    public UInt128 Amount { get; } = amount;
    public override TxKind Kind => TxKind.Unstake;
    public override ulong IntrinsicGas => Gas;
    public override void EncodeBody(CanonicalWriter writer) => writer.WriteU128(Amount);
    internal static UnstakePayload DecodeBody(ref CanonicalReader reader) => new(reader.ReadU128("unstake amount"));
}

/// <summary>Returns a jailed validator to candidacy once its jail term has passed.</summary>
public sealed class UnjailPayload : TxPayload
{
    public const ulong Gas = 30_000;
    public override TxKind Kind => TxKind.Unjail;
    public override ulong IntrinsicGas => Gas;
    public override void EncodeBody(CanonicalWriter writer) { }
}

/// <summary>Moves every matured unbonding entry back to the sender's balance.</summary>
public sealed class WithdrawUnbondedPayload : TxPayload
{
    public const ulong Gas = 30_000;
    public override TxKind Kind => TxKind.WithdrawUnbonded;
    public override ulong IntrinsicGas => Gas;
    public override void EncodeBody(CanonicalWriter writer) { }
}
