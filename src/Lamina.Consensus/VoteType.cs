namespace Lamina.Consensus;

/// <summary>The two vote kinds. The byte values are signed over, so they never change (precommit = 2 matches <see cref="Commit.PrecommitType"/>).</summary>
public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}
