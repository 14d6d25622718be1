using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>Fills the trace of a <see cref="SchnorrSignaturesAir"/>: the verification of every statement, step by step.</summary>
public static class SchnorrSignaturesTrace
{
    public static TraceTable Build(SchnorrSignaturesAir air)
    {
        var trace = new TraceTable(Width, air.TraceLength);
        var statements = air.Statements;
        int segments = air.TraceLength / SegmentLength;
        // Padding segments repeat the first verification: valid rows, and no assertion looks at them.
        Parallel.For(0, segments, k => FillSegment(trace, k * SegmentLength, statements[k < statements.Count ? k : 0]));
        return trace;
    }

    private static void FillSegment(TraceTable trace, int start, SchnorrStatement st)
    {
        Fp5 gx = EcGfp5Point.Generator.X, gy = EcGfp5Point.Generator.Y;
        Fp5 nqx = st.NegatedKey.X, nqy = st.NegatedKey.Y, gqx = st.GeneratorMinusKey.X, gqy = st.GeneratorMinusKey.Y;
        Fp5 x = Offset.X, y = Offset.Y;
        ulong sAcc = 0, eAcc = 0;
        for (int i = 0; i < SegmentLength; i++)
        {
            int row = start + i;
            bool active = i < Steps;
            bool sBit = active && Bit(st.Signature.S, Steps - 1 - i);
            bool eBit = active && Bit(st.Challenge, Steps - 1 - i);
            if (i % ChunkBits == 0) { sAcc = 0; eAcc = 0; }
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
            Fp5 lambdaA = (py - dy) / denominator;
            Set(trace, SelX, row, px);
            Set(trace, SelY, row, py);
            Set(trace, LambdaA, row, lambdaA);
            Set(trace, Inv, row, denominator.Inverse());
            Fp5 sx = lambdaA.Square() - dx - px;
            (x, y) = (sx, lambdaA * (dx - sx) - dy);
        }
    }

    private static bool Bit(BigInteger value, int index) => !((value >> index) & BigInteger.One).IsZero;

    private static void Set(TraceTable trace, int column, int row, Fp5 value)
    {
        for (int i = 0; i < 5; i++)
        {
            trace[column + i, row] = value[i];
        }
    }
}
