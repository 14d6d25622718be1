using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// Fills the trace of a <see cref="SchnorrSignaturesAir"/>: the verification of every statement, step by step, and
/// the encoding checks of R and Q on the segment's check rows. A key or R that does not decode, or a key ±G, is an
/// <see cref="InvalidOperationException"/>: such a statement has no proof. <see cref="SchnorrProvability"/> finds the same
/// cases natively, so the executor refuses them at admission instead.
/// </summary>
public static class SchnorrSignaturesTrace
{
    public static TraceTable Build(SchnorrSignaturesAir air) => Build(air, null);

    /// <param name="keyPoints">Tests only: the key point each segment computes with instead of the decoding of its w(Q)
    /// (a cheating prover's hint, which the key row must refuse).</param>
    /// <param name="challenges">Tests only: the challenge whose bits each segment uses instead of the statement's (a
    /// cheating prover's, which the in-trace hash of v5 must refuse).</param>
    internal static TraceTable Build(SchnorrSignaturesAir air, IReadOnlyList<EcGfp5Point>? keyPoints, IReadOnlyList<BigInteger>? challenges = null)
    {
        var trace = new TraceTable(air.TraceWidth, air.TraceLength);
        var statements = air.Statements;
        int segments = air.TraceLength / SegmentLength;
        // Padding segments repeat the first verification: valid rows, and no assertion looks at them.
        Parallel.For(0, segments, k =>
        {
            int s = k < statements.Count ? k : 0;
            EcGfp5Point key = keyPoints?[s] ?? Decode(statements[s].Key, "key");
            FillSegment(trace, k * SegmentLength, statements[s], challenges?[s] ?? statements[s].Challenge, key, air.ChallengeInTrace);
            if (air.ChallengeInTrace)
            {
                FillChallenge(trace, k * SegmentLength, statements[s]);
            }
        });
        return trace;
    }

    private static EcGfp5Point Decode(Fp5 w, string what) =>
        EcGfp5Point.Decode(w) is EcGfp5Point p && !p.IsNeutral ? p : throw new InvalidOperationException($"the {what} encoding is not a non-neutral group element");

    private static void FillSegment(TraceTable trace, int start, SchnorrStatement st, BigInteger challenge, EcGfp5Point key, bool challengeInTrace)
    {
        int eChunkBits = challengeInTrace ? SchnorrChallengeLayout.LimbBits : ChunkBits;
        Fp5 gx = EcGfp5Point.Generator.X, gy = EcGfp5Point.Generator.Y;
        EcGfp5Point negatedKey = -key, generatorMinusKey = EcGfp5Point.Generator + negatedKey;
        if (generatorMinusKey.IsNeutral)
        {
            throw new InvalidOperationException("the key is the generator (secret 1); such keys cannot be proven");
        }
        Fp5 nqx = negatedKey.X, nqy = negatedKey.Y, gqx = generatorMinusKey.X, gqy = generatorMinusKey.Y;
        Fp5 x = Offset.X, y = Offset.Y;
        ulong sAcc = 0, eAcc = 0;
        Span<byte> sBytes = stackalloc byte[Steps / 8];
        Span<byte> eBytes = stackalloc byte[Steps / 8];
        LittleEndian(st.Signature.S, sBytes);
        LittleEndian(challenge, eBytes);
        for (int i = 0; i < SegmentLength; i++)
        {
            int row = start + i;
            bool active = i < Steps;
            bool sBit = active && Bit(sBytes, Steps - 1 - i);
            bool eBit = active && Bit(eBytes, Steps - 1 - i);
            if (i % ChunkBits == 0) sAcc = 0;
            if (i % eChunkBits == 0) eAcc = 0;
            sAcc = (sAcc << 1) | (sBit ? 1UL : 0);
            eAcc = (eAcc << 1) | (eBit ? 1UL : 0);
            Set(trace, NegQX, row, nqx);
            Set(trace, NegQY, row, nqy);
            Set(trace, GmQX, row, gqx);
            Set(trace, GmQY, row, gqy);
            trace[SBit, row] = sBit ? Felt.One : Felt.Zero;
            trace[EBit, row] = eBit ? Felt.One : Felt.Zero;
            trace[SAcc, row] = Felt.FromU64(sAcc);
            trace[EAcc, row] = Felt.FromU64(eAcc);
            if (i > Steps)
            {
                continue; // padding: only the copied constants and zero bits
            }
            Set(trace, AccX, row, x);
            Set(trace, AccY, row, y);
            if (!active)
            {
                FillCheckRows(trace, start, st, EcGfp5Point.FromAffineUnchecked(x, y), negatedKey);
                continue; // row 320 holds the result
            }
            Fp5 lambdaD = (x.Square() * 3u + EcGfp5Point.WeierstrassA) / (y + y);
            Fp5 dx = lambdaD.Square() - x - x;
            Fp5 dy = lambdaD * (x - dx) - y;
            Set(trace, LambdaD, row, lambdaD);
            Set(trace, DoubleX, row, dx);
            Set(trace, DoubleY, row, dy);
            if (!sBit && !eBit)
            {
                (x, y) = (dx, dy);
                continue;
            }
            (Fp5 px, Fp5 py) = sBit && eBit ? (gqx, gqy) : sBit ? (gx, gy) : (nqx, nqy);
            Fp5 denominator = px - dx;
            if (denominator.IsZero)
            {
                throw new InvalidOperationException("exceptional addition (accumulator equals ± the added point); this signature cannot be proven");
            }
            Fp5 inverse = denominator.Inverse(); // one inversion serves the slope and the witness
            Fp5 lambdaA = (py - dy) * inverse;
            Set(trace, SelX, row, px);
            Set(trace, SelY, row, py);
            Set(trace, LambdaA, row, lambdaA);
            Set(trace, Inv, row, inverse);
            Fp5 sx = lambdaA.Square() - dx - px;
            (x, y) = (sx, lambdaA * (dx - sx) - dy);
        }
    }

    /// <summary>The result row (R = acc − 2^320·H and its encoding) and the key row (−Q's decoding, G − Q).</summary>
    private static void FillCheckRows(TraceTable trace, int start, SchnorrStatement st, EcGfp5Point acc, EcGfp5Point negatedKey)
    {
        (Fp5 lambda, Fp5 inverse) = SchnorrEncodingChecks.ResultWitness(acc);
        Set(trace, LambdaA, start + ResultRow, lambda);
        Set(trace, Inv, start + ResultRow, inverse);
        Set(trace, LambdaD, start + ResultRow, st.Signature.R);
        (Fp5 v, Fp5 keyLambda, Fp5 keyInverse) = SchnorrEncodingChecks.KeyWitness(negatedKey);
        Set(trace, LambdaD, start + KeyRow, st.Key);
        Set(trace, DoubleX, start + KeyRow, v);
        Set(trace, LambdaA, start + KeyRow, keyLambda);
        Set(trace, Inv, start + KeyRow, keyInverse);
    }

    /// <summary>
    /// v5's hash rows (<see cref="SchnorrChallengeLayout"/>): w(R) and w(Q) carried from the check rows, the message's two
    /// permutations, m carried, the challenge's two permutations, and the digest copied along the segment.
    /// </summary>
    private static void FillChallenge(TraceTable trace, int start, SchnorrStatement st)
    {
        for (int r = ResultRow + 1; r < SchnorrChallengeLayout.ChallengeRow; r++) Set(trace, DoubleY, start + r, st.Signature.R);
        for (int r = KeyRow + 1; r < SchnorrChallengeLayout.ChallengeSecondRow; r++) Set(trace, DoubleX, start + r, st.Key);
        Felt[] m = st.MessageElements!;
        Span<Felt> state = stackalloc Felt[Rpo256.StateWidth];
        state[0] = Felt.FromU64((ulong)(m.Length % Rpo256.Rate));
        m.AsSpan(0, Rpo256.Rate).CopyTo(state[Rpo256.RateStart..]);
        RpoPermutationConstraints.FillPermutation(trace, start + SchnorrChallengeLayout.MessageRow, state);
        state[Rpo256.RateStart..].Clear();
        m.AsSpan(Rpo256.Rate).CopyTo(state[Rpo256.RateStart..]);
        RpoPermutationConstraints.FillPermutation(trace, start + SchnorrChallengeLayout.MessageSecondRow, state);
        Span<Felt> digest = stackalloc Felt[4];
        state.Slice(Rpo256.DigestStart, 4).CopyTo(digest);
        for (int r = SchnorrChallengeLayout.ChallengeRow; r < SchnorrChallengeLayout.ChallengeSecondRow; r++)
        {
            for (int i = 0; i < 4; i++) trace[SelX + i, start + r] = digest[i];
        }
        state.Clear();
        state[0] = Felt.FromU64(15 % Rpo256.Rate);
        state[4] = SchnorrRpo.ChallengeTag;
        for (int i = 0; i < 5; i++) state[5 + i] = st.Signature.R[i];
        state[10] = st.Key[0];
        state[11] = st.Key[1];
        RpoPermutationConstraints.FillPermutation(trace, start + SchnorrChallengeLayout.ChallengeRow, state);
        for (int i = 0; i < 3; i++) state[4 + i] = st.Key[2 + i];
        for (int i = 0; i < 4; i++) state[7 + i] = digest[i];
        state[11] = Felt.Zero;
        RpoPermutationConstraints.FillPermutation(trace, start + SchnorrChallengeLayout.ChallengeSecondRow, state);
        for (int r = 0; r < SegmentLength; r++)
        {
            for (int i = 0; i < 4; i++) trace[SchnorrChallengeLayout.Digest + i, start + r] = state[Rpo256.DigestStart + i];
        }
    }

    /// <summary>Bit <paramref name="index"/> of a little-endian scalar.</summary>
    private static bool Bit(ReadOnlySpan<byte> value, int index) => ((value[index >> 3] >> (index & 7)) & 1) != 0;

    /// <summary>A scalar below 2^320 as 40 little-endian bytes (s &lt; n &lt; 2^320, e &lt; 2^256).</summary>
    private static void LittleEndian(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        if (!value.TryWriteBytes(destination, out _, isUnsigned: true))
        {
            throw new InvalidOperationException("a signature scalar is below 2^320");
        }
    }

    private static void Set(TraceTable trace, int column, int row, Fp5 value)
    {
        for (int i = 0; i < 5; i++)
        {
            trace[column + i, row] = value[i];
        }
    }
}
