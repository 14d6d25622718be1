using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;

namespace Lamina.L1.LightClient;

/// <summary>
/// What a light client needs to check one height: the header, the commit that finalized it, the validator set
/// that signed it and the one that signs the next height (each must match its hash in the header).
/// </summary>
public sealed record LightBlock(BlockHeader Header, Commit Commit, ValidatorSet Validators, ValidatorSet NextValidators) : ICanonical<LightBlock>
{
    public ulong Height => Header.Height;

    public void Encode(CanonicalWriter w)
    {
        Header.Encode(w);
        Commit.Encode(w);
        Validators.Encode(w);
        NextValidators.Encode(w);
    }

    public static LightBlock Decode(ref CanonicalReader r)
        => new(BlockHeader.Decode(ref r), Commit.Decode(ref r), ValidatorSet.Decode(ref r), ValidatorSet.Decode(ref r));
}
