using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.Stark.Examples;

/// <summary>
/// Knowledge of an RPO-256 hash chain: h_0 = seed, h_(k+1) = Rpo256.Merge(h_k, 0), and h_m equals the public
/// result. Trace: 12 state columns, 8 rows per permutation (see <see cref="RpoPermutationConstraints"/>);
/// on the 8th row of each cycle the digest is carried into the rate of the next permutation's input and the
/// rest of the state is zeroed. Any m ≥ 1 works: the trace is padded to the next power of two by simply
/// continuing the chain, and the result is asserted on row 8m − 1.
/// </summary>
public sealed class RpoHashChainAir : StarkAir
{
    private const int Width = RpoPermutationConstraints.StateWidth;
    private static readonly ConstraintDegree[] Degrees = BuildDegrees();

    public RpoDigest Seed { get; }
    public int PermutationCount { get; }
    public RpoDigest Result { get; }

    public RpoHashChainAir(RpoDigest seed, int permutationCount, RpoDigest result)
    {
        if (permutationCount < 1 || permutationCount > 1 << 27)
        {
            throw new ArgumentOutOfRangeException(nameof(permutationCount), "the number of permutations must be in 1..2^27");
        }
        Seed = seed;
        PermutationCount = permutationCount;
        Result = result;
    }

    public override string Name => "lamina.rpo-hash-chain.v1";
    public override int TraceWidth => Width;
    public override int TraceLength => RpoPermutationConstraints.CycleLength * PaddedCount(PermutationCount);

    /// <summary>Permutations in the trace: the count rounded up to a power of two.</summary>
    public static int PaddedCount(int permutationCount) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)permutationCount);
    public override IReadOnlyList<ConstraintDegree> TransitionDegrees => Degrees;
    public override IReadOnlyList<Felt[]> PeriodicColumns => RpoPermutationConstraints.PeriodicColumns;

    public override IReadOnlyList<Assertion> GetAssertions()
    {
        var list = new List<Assertion>(Width + 4);
        for (int j = 0; j < Width; j++)
        {
            Felt v = j is >= 4 and < 8 ? Seed[j - 4] : Felt.Zero;
            list.Add(new Assertion(j, 0, v));
        }
        for (int j = 0; j < 4; j++)
        {
            list.Add(new Assertion(4 + j, RpoPermutationConstraints.CycleLength * PermutationCount - 1, Result[j]));
        }
        return list;
    }

    public override byte[] PublicInputBytes()
    {
        byte[] bytes = new byte[68];
        Seed.ToBytes().CopyTo(bytes, 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(32), (uint)PermutationCount);
        Result.ToBytes().CopyTo(bytes, 36);
        return bytes;
    }

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        RpoPermutationConstraints.EvaluateRound(current, next, periodic, result);
        T isRound = periodic[RpoPermutationConstraints.RoundSelector];
        T isLink = T.One - isRound;
        for (int j = 0; j < Width; j++)
        {
            // Linking row: digest (rate 4..8) carried over, everything else zero.
            T link = j is >= 4 and < 8 ? next[j] - current[j] : next[j];
            result[j] = isRound * result[j] + isLink * link;
        }
    }

    /// <summary>Builds the trace and returns the chain's final digest.</summary>
    public static TraceTable BuildTrace(RpoDigest seed, int permutationCount, out RpoDigest result)
    {
        int padded = PaddedCount(permutationCount);
        var trace = new TraceTable(Width, RpoPermutationConstraints.CycleLength * padded);
        Span<Felt> state = stackalloc Felt[Width];
        RpoDigest h = seed;
        result = seed;
        for (int k = 0; k < padded; k++)
        {
            state.Clear();
            h.CopyTo(state.Slice(4, 4));
            RpoPermutationConstraints.FillPermutation(trace, RpoPermutationConstraints.CycleLength * k, state);
            h = new RpoDigest(state.Slice(4, 4));
            if (k == permutationCount - 1)
            {
                result = h;
            }
        }
        return trace;
    }

    /// <summary>The chain computed directly with <see cref="Rpo256.Merge"/>, for cross-checking.</summary>
    public static RpoDigest ComputeResult(RpoDigest seed, int permutationCount)
    {
        RpoDigest h = seed;
        for (int k = 0; k < permutationCount; k++)
        {
            h = Rpo256.Merge(h, RpoDigest.Zero);
        }
        return h;
    }

    private static ConstraintDegree[] BuildDegrees()
    {
        var d = new ConstraintDegree[Width];
        for (int j = 0; j < Width; j++)
        {
            d[j] = new ConstraintDegree(7, RpoPermutationConstraints.CycleLength);
        }
        return d;
    }
}
