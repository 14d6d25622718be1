using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

/// <summary>Targets for the optimistic rollup's withdrawal decoders (withdrawal, receipt, withdrawal proof).</summary>
public static partial class FuzzTargets
{
    /// <summary>OptimisticWithdrawal.Decode + re-encode; the signature check must not throw on any decoded withdrawal.</summary>
    private static void OptimisticWithdrawalTarget(ReadOnlySpan<byte> input)
    {
        OptimisticWithdrawal withdrawal;
        try
        {
            withdrawal = OptimisticWithdrawal.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, withdrawal.Encode(), nameof(OptimisticWithdrawal));
        _ = withdrawal.VerifySignature(1, 1);
    }

    /// <summary>OptimisticWithdrawalReceipt.Decode + re-encode.</summary>
    private static void OptimisticWithdrawalReceiptTarget(ReadOnlySpan<byte> input)
    {
        OptimisticWithdrawalReceipt receipt;
        try
        {
            receipt = OptimisticWithdrawalReceipt.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, receipt.Encode(), nameof(OptimisticWithdrawalReceipt));
    }

    /// <summary>OptimisticWithdrawalProof.Decode + re-encode; verifying a decoded proof fails only with its typed error.</summary>
    private static void OptimisticWithdrawalProofTarget(ReadOnlySpan<byte> input)
    {
        OptimisticWithdrawalProof proof;
        try
        {
            proof = OptimisticWithdrawalProof.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, proof.Encode(), nameof(OptimisticWithdrawalProof));
        try
        {
            proof.Verify(proof.Output.Root, new OptimisticWithdrawalReceipt(default(Address), default(Address), 1, 0));
        }
        catch (InvalidWithdrawalProofException)
        {
        }
    }
}
