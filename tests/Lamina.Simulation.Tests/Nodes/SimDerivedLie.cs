using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// A liar's view (<paramref name="lie"/>: the bad-transition fault's history, the wrong-root defender's, a lying
/// challenger's) made playable in games that derive lists on L1. L1 builds the disputed block's candidate list from the
/// batch blobs itself, so a liar cannot bring a list of its own: it descends with the true frames and the true mask
/// (nothing is dropped in this chain, so the candidates are exactly the block's transactions) and its own claims, the
/// parent's output and header and the final state, and it defends its own state after each candidate. Where its state
/// is wrong no witness proves it: it holds the true one-step witnesses only, so a step it tries there is refused by L1.
/// </summary>
internal sealed class SimDerivedLie(IOutputHistory lie, SimL2Chain truth) : IDerivedOutputHistory
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
        if (block == 0 || truth.Derived.Derivation(block) is not { } opening || lie.Output(block - 1) is not { } parent || lie.Header(block - 1) is not { } header) return null;
        return opening with { PreOutput = parent, ParentHeader = header, FinalStateRoot = lie.Final(block).StateRoot };
    }

    public DerivedExecution? Execution(ulong block)
    {
        if (truth.Derived.Execution(block) is not { } execution) return null;
        var count = execution.Candidates.Count;
        if (count == 0 || lie.Final(block).TxCount != (uint)count) return execution;
        var pre = block == 1 ? execution.PreState : lie.Final(block - 1).StateRoot;
        var states = new Hash256[count];
        for (var i = 0; i < count; i++) states[i] = lie.Point(block, (ulong)i)!.Value.StateRoot;
        return new DerivedExecution(execution.Candidates, pre, execution.TrueMask(), states, i => truth.TrueWitness(block, i));
    }
}
