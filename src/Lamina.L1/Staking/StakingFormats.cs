using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Staking;

/// <summary>The staking module's transaction kinds. Their JSON views carry only the common fields (as before modules).</summary>
internal static class StakingFormats
{
    public static readonly IReadOnlyList<TxKindFormat> All = [new Stake(), new Unstake(), new Unjail(), new WithdrawUnbonded()];

    private sealed class Stake : TxKindFormat<StakePayload>
    {
        public override TxKind Kind => TxKind.Stake;
        public override string Name => "stake";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => StakePayload.DecodeBody(ref reader);
        // Bonding moves the amount out of the balance, so it counts towards the most the transaction can cost.
        protected override UInt128 ValueAtRisk(StakePayload payload) => payload.Amount;
    }

    private sealed class Unstake : TxKindFormat<UnstakePayload>
    {
        public override TxKind Kind => TxKind.Unstake;
        public override string Name => "unstake";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => UnstakePayload.DecodeBody(ref reader);
    }

    private sealed class Unjail : TxKindFormat<UnjailPayload>
    {
        public override TxKind Kind => TxKind.Unjail;
        public override string Name => "unjail";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => new UnjailPayload();
    }

    private sealed class WithdrawUnbonded : TxKindFormat<WithdrawUnbondedPayload>
    {
        public override TxKind Kind => TxKind.WithdrawUnbonded;
        public override string Name => "withdrawunbonded";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => new WithdrawUnbondedPayload();
    }
}
