using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;

namespace Lamina.Node.Consensus;

/// <summary>
/// A signed proposal together with the block it names: consensus agrees on the block id, but validators need the
/// body to judge validity. Sent whole on the block-parts channel (its size cap bounds the block).
/// </summary>
public sealed record ProposalEnvelope(Proposal Proposal, Block Block) : ICanonical<ProposalEnvelope>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        Proposal.Encode(writer);
        Block.Encode(writer);
    }

    public static ProposalEnvelope Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "proposal envelope");
        return new ProposalEnvelope(Proposal.Decode(ref reader), Block.Decode(ref reader));
    }
}
