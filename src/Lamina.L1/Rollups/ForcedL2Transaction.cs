using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups;

/// <summary>
/// The signed L2 transaction a forced-inclusion carries: its <see cref="OptimisticTxKind"/> and its own encoding
/// (<see cref="OptimisticTransfer.Encode"/> or <see cref="OptimisticWithdrawal.Encode"/>), which must decode as that kind.
/// </summary>
public static class ForcedL2Transaction
{
    /// <summary>Throws <see cref="CodecException"/> unless <paramref name="bytes"/> is a canonical L2 transaction of <paramref name="kind"/>.</summary>
    public static void Validate(byte kind, ReadOnlySpan<byte> bytes)
    {
        switch (kind)
        {
            case (byte)OptimisticTxKind.Transfer: OptimisticTransfer.Decode(bytes); break;
            case (byte)OptimisticTxKind.Withdrawal: OptimisticWithdrawal.Decode(bytes); break;
            default: throw new CodecException(CodecError.UnknownKind, $"L2 transaction kind {kind} is unknown", 0);
        }
    }

    /// <summary>Whether the transaction's L2 signature verifies for the rollup's L2 chain id and rollup id.</summary>
    public static bool VerifySignature(byte kind, ReadOnlySpan<byte> bytes, RollupConfig config) => kind switch
    {
        (byte)OptimisticTxKind.Transfer => OptimisticTransfer.Decode(bytes).VerifySignature(config.L2ChainId, config.Id),
        (byte)OptimisticTxKind.Withdrawal => OptimisticWithdrawal.Decode(bytes).VerifySignature(config.L2ChainId, config.Id),
        _ => false,
    };

    /// <summary>The transaction as the one-step executor (and a derived list) carries it.</summary>
    public static OneStepTransaction ToOneStep(byte kind, ReadOnlySpan<byte> bytes) => kind == (byte)OptimisticTxKind.Transfer
        ? OneStepTransaction.ForTransfer(OptimisticTransfer.Decode(bytes))
        : OneStepTransaction.ForWithdrawal(OptimisticWithdrawal.Decode(bytes));
}
