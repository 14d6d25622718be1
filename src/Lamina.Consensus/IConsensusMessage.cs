namespace Lamina.Consensus;

/// <summary>What validators gossip to each other: a <see cref="Vote"/> or a <see cref="Proposal"/>.</summary>
public interface IConsensusMessage
{
    ulong Height { get; }
    uint Round { get; }
}
