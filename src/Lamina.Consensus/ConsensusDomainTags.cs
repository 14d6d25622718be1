using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// Hash domains used only inside consensus. They live here rather than in Core's registry because this project may
/// not edit Core; the names are namespaced so they cannot collide with Core's tags.
/// </summary>
public static class ConsensusDomainTags
{
    public static readonly DomainTag Evidence = new("lamina/consensus/evidence");
    public static readonly DomainTag WalRecord = new("lamina/consensus/wal");
}
