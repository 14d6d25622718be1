using Lamina.Stark.Field;
using Lamina.Stark.Prover;

namespace Lamina.Stark.Tests;

/// <summary>
/// The prover's lazy combination of a level's constraint values (limb sums reduced once per point) against the formula
/// Σ_t α_t·e_t·factor in field arithmetic, on random values and on the largest ones (p − 1 everywhere, as many terms as
/// the sums allow), where an overflow of the 64-bit limb sums would show; the scalar fallback the same way, on every machine.
/// </summary>
public class ConstraintCombinationTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(41, false)]
    [InlineData(97, false)]
    [InlineData(CompositionEvaluator.MaxLazyTerms, false)]
    [InlineData(CompositionEvaluator.MaxLazyTerms, true)]
    [InlineData(5, true)]
    public void Lazy_combination_equals_the_formula(int terms, bool largest)
    {
        const int points = 16;
        Felt top = Felt.FromU64(Felt.Modulus - 1);
        Felt[] random = TestData.Felts(terms * (points + 3) + points, (ulong)(terms * 7 + (largest ? 1 : 0)));
        var alphas = new Felt3[terms];
        for (int t = 0; t < terms; t++)
        {
            alphas[t] = largest ? new Felt3(top, top, top) : new Felt3(random[3 * t], random[3 * t + 1], random[3 * t + 2]);
        }
        var evaluations = new Felt[terms * points];
        for (int i = 0; i < evaluations.Length; i++)
        {
            evaluations[i] = largest ? top : random[3 * terms + i];
        }
        var factors = new Felt[points];
        for (int i = 0; i < points; i++)
        {
            factors[i] = largest ? top : random[3 * terms + terms * points + i];
        }
        const int start = 4;
        // The scalar path runs everywhere; the lazy AVX2 one only where the prover would call it (GoldilocksVector).
        var paths = new List<Action<Felt[][]>> { r => CompositionEvaluator.CombineScalar(alphas, evaluations, factors, start, points, r) };
        if (GoldilocksVector.IsSupported) paths.Add(r => CompositionEvaluator.CombineVector(alphas, evaluations, factors, start, points, r));
        foreach (var path in paths)
        {
            Felt[][] result = [new Felt[start + points], new Felt[start + points], new Felt[start + points]];
            path(result);
            AssertFormula(alphas, evaluations, factors, start, points, result);
        }
    }

    private static void AssertFormula(Felt3[] alphas, Felt[] evaluations, Felt[] factors, int start, int points, Felt[][] result)
    {
        int terms = alphas.Length;
        for (int i = 0; i < points; i++)
        {
            Felt3 expected = Felt3.Zero;
            for (int t = 0; t < terms; t++)
            {
                expected += alphas[t] * evaluations[t * points + i];
            }
            expected *= factors[i];
            Assert.Equal(expected.C0, result[0][start + i]);
            Assert.Equal(expected.C1, result[1][start + i]);
            Assert.Equal(expected.C2, result[2][start + i]);
        }
    }
}
