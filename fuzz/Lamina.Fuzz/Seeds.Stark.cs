using Lamina.Core.Codec;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    private static void AddStarkSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var top = new RpoDigest(Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 1));
        seeds["rpo-digest"] = [Canonical.Encode(RpoDigest.Zero), Canonical.Encode(Rpo256.HashElements([1u, 2u, 3u])), Canonical.Encode(top)];
        seeds["stark-digest"] = [Canonical.Encode(StarkHasher.Sha256.Hash(0, "lamina"u8)), new byte[Digest32.Length]];
    }
}
