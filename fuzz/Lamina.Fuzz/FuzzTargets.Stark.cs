using Lamina.Stark.Commitments;
using Lamina.Stark.Hashing;

namespace Lamina.Fuzz;

/// <summary>Targets for the STARK library's values on Core's codec (the proof targets are in FuzzTargets.cs).</summary>
public static partial class FuzzTargets
{
    /// <summary>Four canonical Goldilocks elements; the codec form must agree with RpoDigest.ToBytes/FromBytes.</summary>
    private static void RpoDigestTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<RpoDigest>(input, out var digest)) return;
        Same(input, digest.ToBytes(), nameof(RpoDigest));
        if (RpoDigest.FromBytes(input) != digest) throw new FuzzFindingException("RpoDigest.FromBytes disagrees with the codec");
    }

    /// <summary>Any 32 bytes; the codec form must agree with Core's Hash256 both ways.</summary>
    private static void StarkDigestTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<Digest32>(input, out var digest)) return;
        Same(input, digest.ToHash256().ToArray(), nameof(Digest32));
        if (Digest32.FromHash256(digest.ToHash256()) != digest) throw new FuzzFindingException("Digest32 does not survive Hash256 and back");
    }
}
