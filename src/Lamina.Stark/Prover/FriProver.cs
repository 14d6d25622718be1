using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Proofs;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>FRI commit phase (fold, commit, draw β per layer; send the remainder) and query phase.</summary>
internal static class FriProver
{
    internal sealed record Result(Felt3[][] Layers, MerkleTree[] Trees, Digest32[] Roots, Felt3[] Remainder);

    public static Result Commit(Felt3[] evaluations, FriLayout layout, Transcript transcript, StarkHasher hasher, bool skipSelfChecks)
    {
        int f = layout.FoldingFactor;
        var layers = new Felt3[layout.LayerCount][];
        var trees = new MerkleTree[layout.LayerCount];
        var roots = new Digest32[layout.LayerCount];
        Felt3[] current = evaluations;
        Felt offset = StarkDomain.Offset;
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int size = current.Length;
            int groups = size / f;
            layers[l] = current;
            Digest32[] leaves = new Digest32[groups];
            Felt3[] cur = current;
            Parallel.For(0, Math.Max(1, groups / 1024), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                int per = groups / Math.Max(1, groups / 1024);
                const int batch = 8;
                Felt3[] buffer = new Felt3[batch * f];
                for (int g = chunk * per; g < (chunk + 1) * per; g += batch)
                {
                    int count = Math.Min(batch, (chunk + 1) * per - g);
                    for (int r = 0; r < count; r++)
                    {
                        for (int m = 0; m < f; m++)
                        {
                            buffer[r * f + m] = cur[g + r + m * groups];
                        }
                    }
                    hasher.HashBatch(StarkHasher.LeafTag,
                        MemoryMarshal.AsBytes(buffer.AsSpan(0, count * f)), 24 * f,
                        MemoryMarshal.AsBytes(leaves.AsSpan(g, count)));
                }
            });
            trees[l] = new MerkleTree(leaves, hasher);
            roots[l] = trees[l].Root;
            transcript.Absorb(roots[l]);
            Felt3 beta = transcript.DrawFelt3();

            // Fold: group g sits at x_g = offset_l·ω_l^g and folds into position g of the next layer.
            Felt3[] folded = new Felt3[groups];
            Felt omegaInv = Felt.RootOfUnity(Ntt.Log2(size)).Inverse();
            Felt offsetInv = offset.Inverse();
            Parallel.For(0, Math.Max(1, groups / 1024), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                int per = groups / Math.Max(1, groups / 1024);
                Span<Felt3> group = stackalloc Felt3[8];
                int start = chunk * per;
                Felt xInv = offsetInv * omegaInv.Pow((ulong)start);
                for (int g = start; g < start + per; g++)
                {
                    for (int m = 0; m < f; m++)
                    {
                        group[m] = cur[g + m * groups];
                    }
                    folded[g] = FriFolding.Fold(group[..f], xInv, beta);
                    xInv *= omegaInv;
                }
            });
            current = folded;
            offset = offset.Pow((ulong)f);
        }

        // Remainder: interpolate the last layer on its coset and keep the low coefficients.
        Felt[][] parts = [new Felt[current.Length], new Felt[current.Length], new Felt[current.Length]];
        for (int i = 0; i < current.Length; i++)
        {
            parts[0][i] = current[i].C0;
            parts[1][i] = current[i].C1;
            parts[2][i] = current[i].C2;
        }
        for (int k = 0; k < 3; k++)
        {
            Ntt.InterpolateCoset(parts[k], offset);
            for (int i = layout.RemainderLength; i < current.Length && !skipSelfChecks; i++)
            {
                if (parts[k][i] != Felt.Zero)
                {
                    throw new ProverException(ProverFailure.FriDegreeExceeded, "FRI remainder exceeds its degree bound");
                }
            }
        }
        Felt3[] remainder = new Felt3[layout.RemainderLength];
        for (int i = 0; i < remainder.Length; i++)
        {
            remainder[i] = new Felt3(parts[0][i], parts[1][i], parts[2][i]);
        }
        transcript.Absorb(remainder);
        return new Result(layers, trees, roots, remainder);
    }

    public static FriLayerOpening[] Open(Result fri, FriLayout layout, int[] positions)
    {
        int f = layout.FoldingFactor;
        var openings = new FriLayerOpening[layout.LayerCount];
        int[] current = positions;
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int groups = layout.DomainSizes[l] / f;
            int[] groupIndices = new int[current.Length];
            for (int q = 0; q < current.Length; q++)
            {
                groupIndices[q] = current[q] % groups;
            }
            groupIndices = Transcript.SortedDistinct(groupIndices);
            Felt3[][] values = new Felt3[groupIndices.Length][];
            for (int g = 0; g < groupIndices.Length; g++)
            {
                values[g] = new Felt3[f];
                for (int m = 0; m < f; m++)
                {
                    values[g][m] = fri.Layers[l][groupIndices[g] + m * groups];
                }
            }
            openings[l] = new FriLayerOpening(values, fri.Trees[l].OpenBatch(groupIndices));
            current = groupIndices;
        }
        return openings;
    }
}
