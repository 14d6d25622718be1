using System.Runtime.CompilerServices;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.SchnorrChallengeLayout;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// The constraints batch proof v5 adds to a signature segment (layout in <see cref="SchnorrChallengeLayout"/>): the
/// message and the challenge hashed by RPO in the trace, so the verifier hashes nothing per signer.
/// <list type="number">
/// <item>12 RPO rounds (degree 7) on the hash rows;</item>
/// <item>12 sponge links, one per state column, on the rows before each permutation: the message's first block takes
/// the domain digest (an AIR constant) after a zero capacity (its length cell and its kind and fields are asserted),
/// the second keeps the capacity (its rate is asserted); the challenge's first block is
/// [15 mod 8, 0, 0, 0 ‖ tag, w(R), w(Q)0..1] and the second keeps the capacity and takes [w(Q)2..4, m, 0];</item>
/// <item>14 carries: w(R) from the result row, w(Q) from the key row, m from the message digest, each held in free columns;</item>
/// <item>4 digest copies: the digest on row 359 equals the four copied limb columns, constant along the segment;</item>
/// <item>1 limb check: e's 64-bit chunk ends equal 0, d3, d2, d1, d0;</item>
/// <item>14 first-row constants: the accumulator starts at H, and the bits and accumulators at zero (v4 asserted these
/// per segment).</item>
/// </list>
/// A 64-bit chunk is an integer below 2^64 and is compared with a limb d &lt; p in the field, so it may read d + p when
/// d &lt; 2^32 − 1 (probability 2^−32 per limb for a random-oracle output). That only offers a forger a second
/// challenge value fixed by the hash, not one it chooses, so, unlike a free choice of e, it does not help to forge.
/// </summary>
internal static class SchnorrChallengeConstraints
{
    public const int Rounds = 12, Links = 12, Carries = 14, Digests = 4, Limbs = 1, FirstRowConstants = 14;
    public const int Count = Rounds + Links + Carries + Digests + Limbs + FirstRowConstants;

    /// <summary>The challenge input's length (tag, w(R), w(Q), m: 15 elements) mod 8, its capacity's first cell.</summary>
    private static readonly Felt ChallengeLength = Felt.FromU64(15 % Rpo256.Rate);

    public static ConstraintDegree[] Degrees()
    {
        var d = new ConstraintDegree[Count];
        for (int i = 0; i < Rounds; i++) d[i] = new ConstraintDegree(7, SegmentLength);
        for (int i = Rounds; i < Count; i++) d[i] = new ConstraintDegree(1, SegmentLength);
        return d;
    }

    /// <summary>Writes the round constraints if <paramref name="rounds"/>, the linear ones if <paramref name="linear"/>.
    /// <paramref name="periodic"/> is the whole signature AIR's periodic row.</summary>
    public static void Evaluate<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, RpoDigest domain, Span<T> result,
        bool rounds, bool linear) where T : unmanaged, IStarkField<T>
    {
        if (rounds)
        {
            RpoPermutationConstraints.EvaluateRound(cur[..12], next[..12], periodic[RpoPeriodic..], result[..Rounds]);
            T isRound = periodic[HashRound];
            for (int j = 0; j < Rounds; j++) result[j] = isRound * result[j];
        }
        if (linear)
        {
            EvaluateLinear(cur, next, periodic, domain, result);
        }
    }

    /// <summary>The linear constraints (links, carries, digests, limbs, first-row constants): all but the rounds. A method of
    /// its own so that the prover's JIT inlines its base-field products (it had run out of inlining budget in one method).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvaluateLinear<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, RpoDigest domain, Span<T> result)
        where T : unmanaged, IStarkField<T>
    {
        T m1 = periodic[AbsorbMessage], m2 = periodic[AbsorbMessageSecond], c1 = periodic[AbsorbChallenge], c2 = periodic[AbsorbChallengeSecond];
        Span<T> link = result.Slice(Rounds, Links);
        link.Clear();
        for (int j = 0; j < 4; j++)
        {
            // Capacity: zero (the first cell, the length, is asserted) for the message; [15 mod 8, 0, 0, 0] for the
            // challenge; kept between the two blocks of each.
            T fresh = j == 0 ? c1 * (next[0] - T.FromBase(ChallengeLength)) : (m1 + c1) * next[j];
            link[j] += fresh + (m2 + c2) * (next[j] - cur[j]);
        }
        for (int i = 0; i < 4; i++)
        {
            link[4 + i] += m1 * (next[4 + i] - T.FromBase(domain[i]));
        }
        link[4] += c1 * (next[4] - T.FromBase(SchnorrRpo.ChallengeTag));
        for (int i = 0; i < 5; i++)
        {
            link[5 + i] += c1 * (next[5 + i] - cur[DoubleY + i]); // w(R)
        }
        link[10] += c1 * (next[10] - cur[DoubleX]);
        link[11] += c1 * (next[11] - cur[DoubleX + 1]) + c2 * next[11];
        for (int i = 0; i < 3; i++)
        {
            link[4 + i] += c2 * (next[4 + i] - cur[DoubleX + 2 + i]); // w(Q)2..4
        }
        for (int i = 0; i < 4; i++)
        {
            link[7 + i] += c2 * (next[7 + i] - cur[SelX + i]); // m
        }

        Span<T> carry = result.Slice(Rounds + Links, Carries);
        T resultRow = periodic[ResultPeriodic], keyRow = periodic[KeyPeriodic];
        T holdR = periodic[HoldR], holdQ = periodic[HoldQ], holdM = periodic[HoldM];
        for (int i = 0; i < 5; i++)
        {
            carry[i] = resultRow * (next[DoubleY + i] - cur[LambdaD + i]) + holdR * (next[DoubleY + i] - cur[DoubleY + i]);
            carry[5 + i] = keyRow * (next[DoubleX + i] - cur[LambdaD + i]) + holdQ * (next[DoubleX + i] - cur[DoubleX + i]);
        }
        for (int i = 0; i < 4; i++)
        {
            carry[10 + i] = c1 * (next[SelX + i] - cur[4 + i]) + holdM * (next[SelX + i] - cur[SelX + i]);
        }

        int at = Rounds + Links + Carries;
        T copy = periodic[CopyPeriodic], digestRow = periodic[DigestSelector];
        for (int j = 0; j < 4; j++)
        {
            result[at + j] = copy * (next[Digest + j] - cur[Digest + j]) + digestRow * (cur[4 + j] - cur[Digest + j]);
        }
        at += Digests;

        // e = d0 + d1·2^64 + d2·2^128 + d3·2^192 < 2^256: the top chunk is zero, then d3 down to d0.
        T limbs = periodic[LimbEnd] * cur[EAcc];
        for (int k = 1; k < Steps / LimbBits; k++)
        {
            limbs += periodic[LimbEnd + k] * (cur[EAcc] - cur[Digest + 4 - k]);
        }
        result[at++] = limbs;

        T first = periodic[FirstRow];
        for (int i = 0; i < 5; i++)
        {
            result[at + i] = first * (cur[AccX + i] - T.FromBase(Offset.X[i]));
            result[at + 5 + i] = first * (cur[AccY + i] - T.FromBase(Offset.Y[i]));
        }
        result[at + 10] = first * cur[SBit];
        result[at + 11] = first * cur[EBit];
        result[at + 12] = first * cur[SAcc];
        result[at + 13] = first * cur[EAcc];
    }
}
