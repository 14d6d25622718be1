using Lamina.Core;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// Where derivation took one block from and what it built it from: the channel's frames as L1 recorded them
/// (<see cref="Frames"/>; null when derivation built the block itself after a silent sequencing window), the L1 height
/// it did so at, the block's inputs (deposits, forced, sequenced: its candidate list, in order) and the candidates the
/// executor dropped. A challenger opens a derived descent from it in a game that derives lists on L1. Only references
/// derivation already holds are kept, so keeping it costs the hot path nothing; the per-candidate verdicts and states
/// are computed from it on demand (<see cref="Candidates"/>).
/// </summary>
public sealed record DerivedBlockRecord(ulong L1Height, IReadOnlyList<ChannelSourceFrame>? Frames, L2BlockInputs Inputs, IReadOnlyList<DroppedTransaction> Dropped)
{
    public bool BuiltByDerivation => Frames is null;

    public int CandidateCount => Inputs.Deposits.Count + Inputs.Forced.Count + Inputs.Sequenced.Count;

    /// <summary>
    /// Every candidate of <paramref name="block"/> (built from this record on top of a parent with state
    /// <paramref name="parentState"/>) with whether the rules applied it and the state after it (unchanged where dropped).
    /// </summary>
    public IReadOnlyList<DerivedCandidate> Candidates(L2Block block, Hash256 parentState)
    {
        var candidates = new List<DerivedCandidate>(CandidateCount);
        var state = parentState;
        var applied = 0;
        for (var i = 0; i < Inputs.Deposits.Count; i++) Add(L2Transaction.FromDeposit(Inputs.Deposits[i]), L2TxKind.Deposit, i);
        for (var i = 0; i < Inputs.Forced.Count; i++) Add(L2Transaction.FromForced(Inputs.Forced[i]), L2TxKind.Forced, i);
        for (var i = 0; i < Inputs.Sequenced.Count; i++) Add(L2Transaction.FromSequenced(Inputs.Sequenced[i]), L2TxKind.Sequenced, i);
        if (applied != block.Transactions.Count)
            throw new InvalidOperationException($"block {block.Header.Number} holds {block.Transactions.Count} transactions, its record applies {applied}");
        return candidates;

        void Add(L2Transaction tx, L2TxKind kind, int position)
        {
            var wasApplied = !WasDropped(kind, position);
            if (wasApplied) state = block.IntermediateRoots[applied++];
            candidates.Add(new DerivedCandidate(tx, wasApplied, state));
        }
    }

    private bool WasDropped(L2TxKind kind, int position)
    {
        foreach (var d in Dropped)
        {
            if (d.Kind == kind && d.Position == position) return true;
        }
        return false;
    }
}

/// <summary>One candidate of a derived block: the transaction, whether the rules applied it, and the state after it.</summary>
public readonly record struct DerivedCandidate(L2Transaction Transaction, bool Applied, Hash256 StateAfter);
