using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// A lying history (<paramref name="lie"/>: <see cref="LyingOutputHistory"/> or a <see cref="BadTransitionFault"/>'s
/// faulty chain) made able to play games that derive lists on L1 (tests and demos). L1 builds the disputed block's
/// list from the batch blobs, so a liar cannot bring a list of its own: it descends with the true source and mask
/// (<paramref name="truth"/>, its node's own derivation) and claims its own final state, and its execution of the
/// derived candidates follows its lie: the state after the k-th applied candidate is its point after k transactions.
/// So the liar contests every level of the derived execution as it does on the header-list path, and where it steps
/// it steps from the agreed (true) pre-state with the true witness: L1 executes the candidate and refuses the step.
/// </summary>
/// <remarks>
/// A block whose parent is itself a lie opens nothing (its pre output is not one the liar can open; games descend only
/// into the first block the sides disagree on). A lie block with no applied candidate has no transaction to hang the
/// lie on: its every point is the lie (as <see cref="LyingOutputHistory"/> claims for an empty block).
/// </remarks>
public sealed class LyingDerivedHistory(IOutputHistory lie, IDerivedOutputHistory truth) : IDerivedOutputHistory
{
    public Hash256 OutputRoot(ulong block) => lie.OutputRoot(block);

    public OptimisticOutput? Output(ulong block) => lie.Output(block);

    public byte[]? Header(ulong block) => lie.Header(block);

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => lie.Point(block, traceIndex);

    public ulong Origin(ulong block) => lie.Origin(block);

    public ExecutionPoint Final(ulong block) => lie.Final(block);

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => lie.ProofFrom(block, pre);

    public DerivedOpening? Derivation(ulong block)
    {
        if (block == 0 || lie.OutputRoot(block - 1) != truth.OutputRoot(block - 1) || truth.Derivation(block) is not { } opening) return null;
        return opening with { FinalStateRoot = lie.Final(block).StateRoot };
    }

    public DerivedExecution? Execution(ulong block)
    {
        if (truth.Execution(block) is not { } execution) return null;
        if (lie.OutputRoot(block) == truth.OutputRoot(block)) return execution;
        var applied = execution.Applied;
        var states = new Hash256[applied.Count];
        var (state, count) = (execution.PreState, 0UL);
        for (var i = 0; i < states.Length; i++)
        {
            if (applied[i]) state = lie.Point(block, count++)?.StateRoot ?? state;
            states[i] = state;
        }
        if (count > 0) return new DerivedExecution(execution.Candidates, execution.PreState, applied, states, execution.WitnessAt);
        var lied = lie.Final(block).StateRoot;
        return new DerivedExecution(execution.Candidates, lied, applied, [.. states.Select(_ => lied)], execution.WitnessAt);
    }
}
