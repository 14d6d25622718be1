namespace Lamina.Consensus;

/// <summary>The steps of a round, in order. The byte values are persisted by the double-sign guard, so they never change.</summary>
public enum ConsensusStep : byte
{
    Propose = 1,
    Prevote = 2,
    Precommit = 3,
}
