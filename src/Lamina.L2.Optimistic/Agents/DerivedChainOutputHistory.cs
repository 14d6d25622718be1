using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// A derived chain as the dispute solver's history in games that derive lists on L1 (<see cref="IDerivedOutputHistory"/>):
/// everything <see cref="ChainOutputHistory"/> answers, and for each block derivation still keeps a record of
/// (<see cref="DerivedBlockRecord"/>) the opening of a derived descent — the parent's output and header, the block's
/// state, the mask of what the rules applied, and the frames derivation read, named by batch reference and blob
/// position (none for a block derivation built itself) — and its execution of the candidates, with witnesses from the
/// state store (a state between two transactions is rebuilt from the block's parent).
/// </summary>
/// <remarks>
/// No opening is given for a block whose record is pruned (below the finalized head), whose frames came from a source
/// that did not say where L1 recorded them, or whose channel has more frames than one move carries
/// (<see cref="DerivedOpening.MaxFrames"/>): the solver then plays as on the header-list path, which a derived game refuses.
/// </remarks>
public sealed class DerivedChainOutputHistory(ChainOutputHistory chain, Func<ulong, L2Block?> blocks, Func<ulong, DerivedBlockRecord?> records,
    OptimisticRuleContext context, Func<ulong, OptimisticFeeSchedule>? feesAtOrigin = null) : IDerivedOutputHistory
{
    public Hash256 OutputRoot(ulong block) => chain.OutputRoot(block);

    public OptimisticOutput? Output(ulong block) => chain.Output(block);

    public byte[]? Header(ulong block) => chain.Header(block);

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => chain.Point(block, traceIndex);

    public ulong Origin(ulong block) => chain.Origin(block);

    public ExecutionPoint Final(ulong block) => chain.Final(block);

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => chain.ProofFrom(block, pre);

    public DerivedOpening? Derivation(ulong block)
    {
        if (Held(block) is not var (b, parent, record)) return null;
        var frames = new List<DerivedFrame>(record.Frames?.Count ?? 0);
        foreach (var frame in record.Frames ?? [])
        {
            if (frame.Location is not { } at) return null;
            frames.Add(new DerivedFrame(at.Batch, at.Position, frame.Data));
        }
        if (frames.Count > DerivedOpening.MaxFrames) return null;
        frames.Sort((x, y) => (x.BatchNumber, x.BlobPosition).CompareTo((y.BatchNumber, y.BlobPosition)));
        var candidates = record.Candidates(b, parent.StateRoot);
        var mask = new bool[candidates.Count];
        for (var i = 0; i < mask.Length; i++) mask[i] = candidates[i].Applied;
        return new DerivedOpening(parent.Output, parent.Encode(), b.Header.StateRoot, mask, frames);
    }

    public DerivedExecution? Execution(ulong block)
    {
        if (Held(block) is not var (b, parent, record)) return null;
        var candidates = record.Candidates(b, parent.StateRoot);
        var encoded = new byte[candidates.Count][];
        var applied = new bool[candidates.Count];
        var states = new Hash256[candidates.Count];
        var appliedBefore = new int[candidates.Count];
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            encoded[i] = L2Block.OneStepOf(candidates[i].Transaction).Encode();
            (applied[i], states[i], appliedBefore[i]) = (candidates[i].Applied, candidates[i].StateAfter, count);
            if (applied[i]) count++;
        }
        var rules = feesAtOrigin is null ? context : context with { Fees = feesAtOrigin(b.Header.L1Origin) };
        return new DerivedExecution(encoded, parent.StateRoot, applied, states, i =>
            OneStepWitnessGenerator.Generate(chain.StateAfter(block, appliedBefore[i]), i == 0 ? parent.StateRoot : states[i - 1],
                L2Block.OneStepOf(candidates[i].Transaction), rules).Witness.Encode());
    }

    private (L2Block Block, L2BlockHeader Parent, DerivedBlockRecord Record)? Held(ulong block)
    {
        if (block == 0 || blocks(block) is not { } b || blocks(block - 1) is not { } parent || records(block) is not { } record) return null;
        return (b, parent.Header, record);
    }
}
