using System.Runtime.InteropServices;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Prover;

/// <summary>
/// The composition columns' LDE one coset at a time, for the low-memory prover. The LDE point k + blowup·j
/// is point j of the size-n coset (offset·ω_N^k)·⟨ω_n⟩, so each coset needs one size-n NTT per column and
/// only 3·D·n values are alive at once instead of 3·D·N.
/// </summary>
internal static class CompositionCosets
{
    /// <summary>Leaf digests of every LDE row (index k + blowup·j), streamed coset by coset.</summary>
    public static Digest32[] HashAllRows(Felt[][] coefficients, StarkDomain domain, StarkHasher hasher)
    {
        int n = domain.TraceLength;
        int blowup = domain.Blowup;
        int width = coefficients.Length;
        Digest32[] leaves = new Digest32[domain.LdeSize];
        Felt[][] coset = AllocateCoset(width, n);
        for (int k = 0; k < blowup; k++)
        {
            EvaluateCoset(coefficients, domain, k, coset);
            int jobs = Math.Max(1, n / 4096);
            int per = n / jobs;
            Parallel.For(0, jobs, job =>
            {
                Felt[] buffer = new Felt[8 * width];
                Digest32[] digests = new Digest32[8];
                for (int j = job * per; j < (job + 1) * per; j += 8)
                {
                    int count = Math.Min(8, (job + 1) * per - j);
                    for (int r = 0; r < count; r++)
                    {
                        for (int c = 0; c < width; c++)
                        {
                            buffer[r * width + c] = coset[c][j + r];
                        }
                    }
                    hasher.HashBatch(StarkHasher.LeafTag, MemoryMarshal.AsBytes(buffer.AsSpan(0, count * width)), 8 * width,
                        MemoryMarshal.AsBytes(digests.AsSpan(0, count)));
                    for (int r = 0; r < count; r++)
                    {
                        leaves[k + blowup * (j + r)] = digests[r];
                    }
                }
            });
        }
        return leaves;
    }

    /// <summary>The composition rows at the given LDE positions (each coset is computed at most once).</summary>
    public static Dictionary<int, Felt[]> RowsAt(Felt[][] coefficients, StarkDomain domain, int[] positions)
    {
        int blowup = domain.Blowup;
        var rows = new Dictionary<int, Felt[]>();
        Felt[][]? coset = null;
        for (int k = 0; k < blowup; k++)
        {
            bool evaluated = false;
            foreach (int p in positions)
            {
                if (p % blowup != k)
                {
                    continue;
                }
                if (!evaluated)
                {
                    coset ??= AllocateCoset(coefficients.Length, domain.TraceLength);
                    EvaluateCoset(coefficients, domain, k, coset);
                    evaluated = true;
                }
                Felt[] row = new Felt[coefficients.Length];
                for (int c = 0; c < row.Length; c++)
                {
                    row[c] = coset![c][p / blowup];
                }
                rows[p] = row;
            }
        }
        return rows;
    }

    private static Felt[][] AllocateCoset(int width, int n)
    {
        Felt[][] coset = new Felt[width][];
        for (int c = 0; c < width; c++)
        {
            coset[c] = new Felt[n];
        }
        return coset;
    }

    /// <summary>Evaluates every column on coset k into the reused buffers of <paramref name="coset"/>.</summary>
    private static void EvaluateCoset(Felt[][] coefficients, StarkDomain domain, int k, Felt[][] coset)
    {
        Felt shift = StarkDomain.Offset * domain.LdeGenerator.Pow((ulong)k);
        Parallel.For(0, coefficients.Length, c =>
        {
            Felt[] values = coset[c];
            Felt power = Felt.One;
            Felt[] coeffs = coefficients[c];
            for (int i = 0; i < coeffs.Length; i++)
            {
                values[i] = coeffs[i] * power;
                power *= shift;
            }
            // Only the tail past the coefficients needs zeros (clearing all of it is a wasted pass per coset).
            values.AsSpan(coeffs.Length).Clear();
            Ntt.Forward(values);
        });
    }
}
