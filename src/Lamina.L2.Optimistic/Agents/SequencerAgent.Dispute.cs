using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>What the sequencer's own derivation offers the dispute game's fault modes (its defence plays beside it).</summary>
public sealed partial class SequencerAgent
{
    /// <summary>The fee schedule derivation executed blocks of L1 origin <paramref name="origin"/> under.</summary>
    public OptimisticFeeSchedule FeesAt(ulong origin) => _derivation.Read(p => p.Inbox.FeesAt(origin));

    /// <summary>
    /// The chain derivation derived from L1 and DA (not the unsafe chain this sequencer publishes) as a dispute history
    /// for games that derive lists on L1, read under derivation's lock (the fault modes' defence plays beside it):
    /// each block's source and candidates as derivation kept them, witnesses from derivation's state store.
    /// </summary>
    public IDerivedOutputHistory DerivedDisputeHistory(OptimisticRuleContext rules)
    {
        L2Block? Derived(ulong number) => _derivation.Read(p => p.GetBlock(number));
        DerivedBlockRecord? Record(ulong number) => _derivation.Read(p => p.GetRecord(number));
        var chain = new ChainOutputHistory(Derived, _derivation.Pipeline.Store, rules, FeesAt);
        return new LockedDerivedHistory(new DerivedChainOutputHistory(chain, Derived, Record, rules, FeesAt), _derivation);
    }
}
