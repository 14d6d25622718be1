using Lamina.Stark.Air;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;

namespace Lamina.Stark.Protocol;

/// <summary>
/// The random coefficients of the composition polynomial, from three Fiat–Shamir challenges (proof version 2):
/// transition constraint t gets α^t, and the assertion on column c at the k-th distinct asserted row gets λ^c·μ^k.
/// <para>Why powers instead of one drawn coefficient per term (version 1): an AIR with per-segment assertions has
/// thousands of them (74 per signature in the ZK batch), and drawing each cost the verifier three transcript
/// hashes; and the product form λ^c·μ^k lets the prover share one boundary numerator among all columns asserted
/// on the same rows (<see cref="Prover.BoundaryQuotients"/>). Soundness: the combination is a polynomial of
/// degree below T + W + R in the challenges (T constraints, W columns, R distinct rows), so a combination of
/// quotients that is not low-degree passes for at most (T + W + R)·N challenge values out of |F_p^3| ≈ 2^192
/// (Schwartz–Zippel with the FRI proximity bound over the N-point domain): below 2^−130 for every trace this
/// library can hold, far under the 2^−100 the query phase gives, as for Plonky2's powers-of-α combination.</para>
/// </summary>
internal sealed class CompositionCoefficients
{
    private readonly Lazy<(Felt3[] Boundary, Felt3[] RowWeights)> _perAssertion;

    private CompositionCoefficients(Felt3[] transitions, Felt3[] columnWeights, Felt3 rowChallenge, Assertion[] sortedAssertions)
    {
        Transitions = transitions;
        ColumnWeights = columnWeights;
        RowChallenge = rowChallenge;
        // Only the prover needs a coefficient per assertion; the verifier sums row by row (StarkProtocol.EvaluateCompositionAt).
        _perAssertion = new Lazy<(Felt3[], Felt3[])>(() => PerAssertion(sortedAssertions, columnWeights, rowChallenge));
    }

    /// <summary>α^t per transition constraint.</summary>
    public Felt3[] Transitions { get; }

    /// <summary>λ^c·μ^k per assertion (in <see cref="StarkProtocol.SortedAssertions(StarkAir)"/> order).</summary>
    public Felt3[] Boundary => _perAssertion.Value.Boundary;

    /// <summary>λ^c per trace column.</summary>
    public Felt3[] ColumnWeights { get; }

    /// <summary>μ^k per assertion, k the index of its row among the distinct asserted rows.</summary>
    public Felt3[] RowWeights => _perAssertion.Value.RowWeights;

    /// <summary>μ, the challenge whose powers weigh the distinct asserted rows.</summary>
    public Felt3 RowChallenge { get; }

    public static CompositionCoefficients Draw(Transcript transcript, StarkAir air, Assertion[] sortedAssertions)
    {
        Felt3 alpha = transcript.DrawFelt3();
        Felt3 lambda = transcript.DrawFelt3();
        Felt3 mu = transcript.DrawFelt3();
        return FromChallenges(air.TransitionDegrees.Count, air.TraceWidth, sortedAssertions, alpha, lambda, mu);
    }

    public static CompositionCoefficients FromChallenges(int constraints, int width, Assertion[] sortedAssertions, Felt3 alpha, Felt3 lambda, Felt3 mu) =>
        new(Powers(alpha, constraints), Powers(lambda, width), mu, sortedAssertions);

    private static (Felt3[], Felt3[]) PerAssertion(Assertion[] sortedAssertions, Felt3[] columnWeights, Felt3 mu)
    {
        var boundary = new Felt3[sortedAssertions.Length];
        var rowWeights = new Felt3[sortedAssertions.Length];
        Felt3 rowWeight = Felt3.One;
        for (int a = 0; a < sortedAssertions.Length; a++)
        {
            if (a > 0 && sortedAssertions[a].Row != sortedAssertions[a - 1].Row)
            {
                rowWeight *= mu;
            }
            rowWeights[a] = rowWeight;
            boundary[a] = columnWeights[sortedAssertions[a].Column] * rowWeight;
        }
        return (boundary, rowWeights);
    }

    /// <summary>x^0 … x^(count − 1).</summary>
    internal static T[] Powers<T>(T x, int count) where T : unmanaged, IStarkField<T>
    {
        var powers = new T[count];
        T power = T.One;
        for (int i = 0; i < count; i++)
        {
            powers[i] = power;
            power *= x;
        }
        return powers;
    }
}
