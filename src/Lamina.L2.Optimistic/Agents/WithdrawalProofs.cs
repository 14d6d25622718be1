using Lamina.Core;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>Withdrawal proofs against the finalized head's output: the root L1 accepts a withdrawal against.</summary>
public static class WithdrawalProofs
{
    public static OptimisticWithdrawalProof? Prove(DerivationPipeline pipeline, Address sender, ulong nonce)
    {
        var finalized = pipeline.Finalized;
        return pipeline.Machine.GetWithdrawal(finalized.StateRoot, sender, nonce) is { } receipt
            ? pipeline.Machine.ProveWithdrawal(finalized.Output, receipt)
            : null;
    }
}
