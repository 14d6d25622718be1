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
        // Padding segments repeat the first verification: valid rows, and no assertion looks at them. Segments are
        // walked in groups, in lockstep, so that each step's inversions are batched across the group.
        Parallel.For(0, (segments + GroupSize - 1) / GroupSize, g =>
        {
            int first = g * GroupSize, count = Math.Min(GroupSize, segments - first);
            var walks = new SegmentWalk[count];
            for (int j = 0; j < count; j++)
            {
                int k = first + j, s = k < statements.Count ? k : 0;
                EcGfp5Point key = keyPoints?[s] ?? Decode(statements[s].Key, "key");
                walks[j] = new SegmentWalk(trace, k * SegmentLength, statements[s], challenges?[s] ?? statements[s].Challenge, key, air.ChallengeInTrace);
            }
            WalkInLockstep(trace, walks);
            if (air.ChallengeInTrace)
            {
                for (int j = 0; j < count; j++) FillChallenge(trace, walks[j].Start, walks[j].Statement);
            }
        });
        return trace;
    }

    /// <summary>Segments walked together: one batch inversion per step and kind instead of one inversion per segment.</summary>
    private const int GroupSize = 16;

    private static EcGfp5Point Decode(Fp5 w, string what) =>
        EcGfp5Point.Decode(w) is EcGfp5Point p && !p.IsNeutral ? p : throw new InvalidOperationException($"the {what} encoding is not a non-neutral group element");

    /// <summary>One segment's verification: its constants and bits written at construction, then its accumulator stepped by <see cref="WalkInLockstep"/>.</summary>
    private sealed class SegmentWalk
    {
        public SegmentWalk(TraceTable trace, int start, SchnorrStatement statement, BigInteger challenge, EcGfp5Point key, bool challengeInTrace)
        {
            Start = start;
            Statement = statement;
            NegatedKey = -key;
            EcGfp5Point generatorMinusKey = EcGfp5Point.Generator + NegatedKey;
            if (generatorMinusKey.IsNeutral)
            {
                throw new InvalidOperationException("the key is the generator (secret 1); such keys cannot be proven");
            }
            (Nqx, Nqy, Gqx, Gqy) = (NegatedKey.X, NegatedKey.Y, generatorMinusKey.X, generatorMinusKey.Y);
            LittleEndian(statement.Signature.S, SBytes);
            LittleEndian(challenge, EBytes);
            FillConstantsAndBits(trace, challengeInTrace ? SchnorrChallengeLayout.LimbBits : ChunkBits);
        }

        public int Start { get; }
        public SchnorrStatement Statement { get; }
        public EcGfp5Point NegatedKey { get; }
        public Fp5 Nqx { get; }
        public Fp5 Nqy { get; }
        public Fp5 Gqx { get; }
        public Fp5 Gqy { get; }
        public byte[] SBytes { get; } = new byte[Steps / 8];
        public byte[] EBytes { get; } = new byte[Steps / 8];
        public Fp5 X { get; set; } = Offset.X;
        public Fp5 Y { get; set; } = Offset.Y;

        public bool SBit(int step) => Bit(SBytes, Steps - 1 - step);
        public bool EBit(int step) => Bit(EBytes, Steps - 1 - step);

        /// <summary>Every row's copied constants, bits and chunk accumulators (padding rows hold only these).</summary>
        private void FillConstantsAndBits(TraceTable trace, int eChunkBits)
        {
            ulong sAcc = 0, eAcc = 0;
            for (int i = 0; i < SegmentLength; i++)
            {
                int row = Start + i;
                bool active = i < Steps;
                bool sBit = active && SBit(i);
                bool eBit = active && EBit(i);
                if (i % ChunkBits == 0) sAcc = 0;
                if (i % eChunkBits == 0) eAcc = 0;
                sAcc = (sAcc << 1) | (sBit ? 1UL : 0);
                eAcc = (eAcc << 1) | (eBit ? 1UL : 0);
                Set(trace, NegQX, row, Nqx);
                Set(trace, NegQY, row, Nqy);
                Set(trace, GmQX, row, Gqx);
                Set(trace, GmQY, row, Gqy);
                trace[SchnorrLayout.SBit, row] = sBit ? Felt.One : Felt.Zero;
                trace[SchnorrLayout.EBit, row] = eBit ? Felt.One : Felt.Zero;
                trace[SAcc, row] = Felt.FromU64(sAcc);
                trace[EAcc, row] = Felt.FromU64(eAcc);
            }
        }
    }

    /// <summary>
    /// Steps every segment's accumulator through its 320 steps (doubling, then the chord with the selected point when a
    /// bit is set), writing each step's row, then the result row (row 320) and the check rows. The slopes' inverses of a
    /// step are computed for the whole group at once (<see cref="BatchInversion"/>); the values are the same.
    /// </summary>
    private static void WalkInLockstep(TraceTable trace, SegmentWalk[] walks)
    {
        int count = walks.Length;
        Fp5 gx = EcGfp5Point.Generator.X, gy = EcGfp5Point.Generator.Y;
        Span<Fp5> inverses = new Fp5[count];
        // The chords of a step, in the order their denominators were queued: segment, added point, doubled point.
        Span<int> chords = new int[count];
        Span<Fp5> px = new Fp5[count], py = new Fp5[count], dx = new Fp5[count], dy = new Fp5[count];
        for (int i = 0; i < Steps; i++)
        {
            for (int j = 0; j < count; j++) inverses[j] = walks[j].Y + walks[j].Y;
            BatchInversion.InvertInPlace(inverses);
            int added = 0;
            for (int j = 0; j < count; j++)
            {
                SegmentWalk w = walks[j];
                int row = w.Start + i;
                Fp5 x = w.X, y = w.Y;
                Set(trace, AccX, row, x);
                Set(trace, AccY, row, y);
                Fp5 lambdaD = (x.Square() * 3u + EcGfp5Point.WeierstrassA) * inverses[j];
                Fp5 doubledX = lambdaD.Square() - x - x;
                Fp5 doubledY = lambdaD * (x - doubledX) - y;
                Set(trace, LambdaD, row, lambdaD);
                Set(trace, DoubleX, row, doubledX);
                Set(trace, DoubleY, row, doubledY);
                bool sBit = w.SBit(i), eBit = w.EBit(i);
                if (!sBit && !eBit)
                {
                    (w.X, w.Y) = (doubledX, doubledY);
                    continue;
                }
                (px[added], py[added]) = sBit && eBit ? (w.Gqx, w.Gqy) : sBit ? (gx, gy) : (w.Nqx, w.Nqy);
                (dx[added], dy[added]) = (doubledX, doubledY);
                chords[added] = j;
                if (px[added] == doubledX)
                {
                    throw new InvalidOperationException("exceptional addition (accumulator equals ± the added point); this signature cannot be proven");
                }
                added++;
            }
            Span<Fp5> denominators = inverses[..added];
            for (int m = 0; m < added; m++) denominators[m] = px[m] - dx[m];
            BatchInversion.InvertInPlace(denominators);
            for (int m = 0; m < added; m++)
            {
                SegmentWalk w = walks[chords[m]];
                int row = w.Start + i;
                Fp5 inverse = denominators[m]; // one inversion serves the slope and the witness
                Fp5 lambdaA = (py[m] - dy[m]) * inverse;
                Set(trace, SelX, row, px[m]);
                Set(trace, SelY, row, py[m]);
                Set(trace, LambdaA, row, lambdaA);
                Set(trace, Inv, row, inverse);
                Fp5 sx = lambdaA.Square() - dx[m] - px[m];
                (w.X, w.Y) = (sx, lambdaA * (dx[m] - sx) - dy[m]);
            }
        }
        foreach (SegmentWalk w in walks)
        {
            Set(trace, AccX, w.Start + Steps, w.X);
            Set(trace, AccY, w.Start + Steps, w.Y);
            FillCheckRows(trace, w.Start, w.Statement, EcGfp5Point.FromAffineUnchecked(w.X, w.Y), w.NegatedKey); // row 320 holds the result
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
