using System.Numerics;
using Lamina.Stark.Commitments;

namespace Lamina.Stark.Proofs;

/// <summary>
/// Conjectured security in bits, by the formula Winterfell uses (winter-air ProofOptions / StarkProof
/// conjectured_security, following ethSTARK):
///   field  = extension field bits − log2(LDE domain size)
///   query  = log2(blowup) · queries, plus grinding bits once that is at least 80
///   bits   = min(min(field, query) − 1, hash collision resistance)
/// </summary>
public static class SecurityEstimator
{
    /// <summary>The extension field used for all challenges: Goldilocks^3 (192 bits).</summary>
    public const int ExtensionFieldBits = 3 * 64;

    /// <summary>Winterfell counts grinding only when queries alone already give this many bits.</summary>
    public const int GrindingContributionFloor = 80;

    public static int ConjecturedBits(ProofOptions options, int traceLength)
    {
        long ldeSize = (long)traceLength * options.BlowupFactor;
        int fieldSecurity = ExtensionFieldBits - BitOperations.Log2((ulong)ldeSize);
        int querySecurity = BitOperations.Log2((uint)options.BlowupFactor) * options.NumQueries;
        if (querySecurity >= GrindingContributionFloor)
        {
            querySecurity += options.GrindingBits;
        }
        int bits = Math.Min(fieldSecurity, querySecurity) - 1;
        return Math.Max(0, Math.Min(bits, StarkHasher.CollisionResistanceBits));
    }
}
