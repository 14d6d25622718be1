using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Proofs;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Verifier;

/// <summary>FRI query phase: check each layer's openings against its root, fold, and finish on the remainder.</summary>
internal static class FriVerifier
{
    public static void Verify(
        StarkProof proof, FriLayout layout, StarkDomain domain, int[] positions, Felt3[] values, Felt3[] betas, StarkHasher hasher)
    {
        int f = layout.FoldingFactor;
        int[] current = (int[])positions.Clone();
        Felt3[] currentValues = (Felt3[])values.Clone();
        Felt offset = StarkDomain.Offset;
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int size = layout.DomainSizes[l];
            int groups = size / f;
            int[] groupIndices = new int[current.Length];
            for (int q = 0; q < current.Length; q++)
            {
                groupIndices[q] = current[q] % groups;
            }
            int[] distinct = Transcript.SortedDistinct(groupIndices);
            FriLayerOpening opening = proof.FriLayers[l];
            if (opening.Groups.Length != distinct.Length)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, $"FRI layer {l} has the wrong number of groups");
            }
            Digest32[] leaves = new Digest32[distinct.Length];
            for (int g = 0; g < distinct.Length; g++)
            {
                if (opening.Groups[g].Length != f)
                {
                    throw new InvalidProofException(ProofRejection.ShapeMismatch, $"FRI layer {l} group has the wrong size");
                }
                leaves[g] = StarkProtocol.HashGroup(hasher, opening.Groups[g]);
            }
            if (!MerkleTree.VerifyBatch(proof.FriRoots[l], groups, distinct, leaves, opening.MerkleNodes, hasher))
            {
                throw new InvalidProofException(ProofRejection.FriCommitmentMismatch, $"FRI layer {l} openings do not match its root");
            }

            // 1/x per query, x = offset·ω^g (never zero), by one batch inversion instead of one field inversion per query
            // and layer (300 at 60 queries and 5 layers).
            Felt omega = Felt.RootOfUnity(Ntt.Log2(size));
            var xInverses = new Felt[current.Length];
            for (int q = 0; q < current.Length; q++)
            {
                xInverses[q] = offset * omega.Pow((ulong)groupIndices[q]);
            }
            BatchInversion.InvertInPlace<Felt>(xInverses);
            for (int q = 0; q < current.Length; q++)
            {
                int g = groupIndices[q];
                int m = current[q] / groups;
                Felt3[] group = opening.Groups[Array.BinarySearch(distinct, g)];
                if (group[m] != currentValues[q])
                {
                    throw l == 0
                        ? new InvalidProofException(ProofRejection.DeepCompositionMismatch, "DEEP composition value differs from FRI layer 0")
                        : new InvalidProofException(ProofRejection.FriFoldingMismatch, $"FRI layer {l} value differs from the folded value");
                }
                currentValues[q] = FriFolding.Fold(group, xInverses[q], betas[l]);
                current[q] = g;
            }
            offset = offset.Pow((ulong)f);
        }

        Felt remainderOmega = Felt.RootOfUnity(Ntt.Log2(layout.RemainderDomainSize));
        for (int q = 0; q < current.Length; q++)
        {
            Felt x = offset * remainderOmega.Pow((ulong)current[q]);
            if (Polynomial.Evaluate(proof.FriRemainder, x) != currentValues[q])
            {
                throw new InvalidProofException(ProofRejection.FriRemainderMismatch, "FRI remainder disagrees with the folded values");
            }
        }
    }
}
