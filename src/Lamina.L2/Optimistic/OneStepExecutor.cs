using Lamina.Core;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The optimistic rollup's one-step executor: from an agreed pre-state root, one transaction and the Merkle witnesses
/// of the state it touches, it computes the post-state root, with no access to the state itself. It runs the same
/// <see cref="OptimisticRules"/> as the sequencer's <see cref="OptimisticStateMachine"/>, so the two cannot disagree;
/// L1 runs it at the leaf of a dispute and compares the result with the claimed post-state root.
/// </summary>
/// <remarks>
/// A transaction the rules reject (bad signature, nonce, fee, balance, overflow) is not an error here: it leaves the
/// state unchanged, as derivation counts it, and the result names the rule. A witness that does not prove the state
/// the rules read throws <see cref="InvalidOneStepWitnessException"/>: a party that cannot supply a valid witness for
/// an agreed pre-state cannot make L1 compute anything.
/// </remarks>
public static class OneStepExecutor
{
    public static OneStepResult Execute(Hash256 preRoot, OneStepTransaction transaction, OneStepWitness witness, in OptimisticRuleContext context)
    {
        var ledger = new OneStepWitnessLedger(preRoot, witness);
        OneStepResult result;
        try
        {
            transaction.ApplyTo(ledger, context);
            result = new OneStepResult(ledger.Root, null);
        }
        catch (InvalidOptimisticTransactionException ex)
        {
            result = new OneStepResult(preRoot, ex.Error);
        }
        ledger.EnsureConsumed();
        return result;
    }
}
