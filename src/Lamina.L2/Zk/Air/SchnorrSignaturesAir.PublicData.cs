using System.Buffers.Binary;
using System.Numerics;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Zk.Air;

/// <summary>The public data of <see cref="SchnorrSignaturesAir"/>: its assertions and public-input bytes.</summary>
public sealed partial class SchnorrSignaturesAir
{
    /// <summary>In (row, column) order, which spares the STARK library a sort.</summary>
    public override IReadOnlyList<Assertion> GetAssertions()
    {
        if (ChallengeInTrace)
        {
            return GetAssertionsInTrace();
        }
        var list = new List<Assertion>(_statements.Count * 44);
        Span<byte> s = stackalloc byte[Steps / 8];
        Span<byte> e = stackalloc byte[Steps / 8];
        for (int k = 0; k < _statements.Count; k++)
        {
            SchnorrStatement st = _statements[k];
            int b = k * SegmentLength;
            AssertPoint(list, AccX, b, Offset);
            list.Add(new Assertion(SBit, b, Felt.Zero));
            list.Add(new Assertion(EBit, b, Felt.Zero));
            list.Add(new Assertion(SAcc, b, Felt.Zero));
            list.Add(new Assertion(EAcc, b, Felt.Zero));
            LittleEndian(st.Signature.S, s);
            LittleEndian(st.Challenge, e);
            for (int c = 0; c < Steps / ChunkBits; c++)
            {
                int at = (Steps - ChunkBits * (c + 1)) / 8; // most significant chunk first
                list.Add(new Assertion(SAcc, b + ChunkBits * c + ChunkBits - 1, BinaryPrimitives.ReadUInt32LittleEndian(s[at..])));
                list.Add(new Assertion(EAcc, b + ChunkBits * c + ChunkBits - 1, BinaryPrimitives.ReadUInt32LittleEndian(e[at..])));
            }
            AssertEncoding(list, b + ResultRow, st.Signature.R);
            AssertEncoding(list, b + KeyRow, st.Key);
        }
        return list;
    }

    /// <summary>v5: per segment w(Q) and the message's elements after the domain (its length mod 8 in the first block's
    /// capacity, zeros past its end); the starting point, zero bits and e come from constraints, and the signature (w(R)
    /// and s) is the prover's witness.</summary>
    private List<Assertion> GetAssertionsInTrace()
    {
        var list = new List<Assertion>(_statements.Count * 18);
        for (int k = 0; k < _statements.Count; k++)
        {
            SchnorrStatement st = _statements[k];
            int b = k * SegmentLength;
            AssertEncoding(list, b + KeyRow, st.Key);
            Felt[] m = st.MessageElements!;
            int row = b + SchnorrChallengeLayout.MessageRow;
            list.Add(new Assertion(0, row, Felt.FromU64((ulong)(m.Length % Rpo256.Rate))));
            for (int j = 4; j < 2 * Rpo256.Rate; j++)
            {
                // Elements 4..7 (kind and the first fields) fill the first block's rate after the domain, 8..15 the second's.
                list.Add(new Assertion(j < Rpo256.Rate ? j + 4 : j - 4, j < Rpo256.Rate ? row : b + SchnorrChallengeLayout.MessageSecondRow,
                    j < m.Length ? m[j] : Felt.Zero));
            }
        }
        return list;
    }

    public override byte[] PublicInputBytes()
    {
        var bytes = new byte[PublicInputLength!.Value];
        WritePublicInputs(bytes);
        return bytes;
    }

    private const int EachStatementBytes = ZkPublicKey.Size + 32 + ZkSignature.Size;
    private const int EachStatementBytesInTrace = ZkPublicKey.Size + 1 + 16 * 8;

    public override int? PublicInputLength => ChallengeInTrace
        ? 4 + 32 + EachStatementBytesInTrace * _statements.Count
        : 4 + EachStatementBytes * _statements.Count;

    public override void WritePublicInputs(Span<byte> bytes)
    {
        if (ChallengeInTrace)
        {
            WritePublicInputsInTrace(bytes);
            return;
        }
        BitConverter.TryWriteBytes(bytes, _statements.Count);
        for (int k = 0; k < _statements.Count; k++)
        {
            Span<byte> d = bytes.Slice(4 + EachStatementBytes * k, EachStatementBytes);
            _statements[k].Key.WriteTo(d);
            _statements[k].Message.ToBytes().CopyTo(d[ZkPublicKey.Size..]);
            _statements[k].Signature.CopyTo(d[(ZkPublicKey.Size + 32)..]);
        }
    }

    /// <summary>v5: the domain digest, then per statement the key, the message's element count and elements (zeros after).</summary>
    private void WritePublicInputsInTrace(Span<byte> bytes)
    {
        BitConverter.TryWriteBytes(bytes, _statements.Count);
        _challengeDomain!.Value.ToBytes().CopyTo(bytes[4..]);
        for (int k = 0; k < _statements.Count; k++)
        {
            Span<byte> d = bytes.Slice(36 + EachStatementBytesInTrace * k, EachStatementBytesInTrace);
            _statements[k].Key.WriteTo(d);
            Felt[] m = _statements[k].MessageElements!;
            d[ZkPublicKey.Size] = (byte)m.Length;
            for (int j = 0; j < m.Length; j++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(d[(ZkPublicKey.Size + 1 + 8 * j)..], m[j].Value);
            }
        }
    }
    /// <summary>A scalar below 2^320 as 40 little-endian bytes (s &lt; n &lt; 2^320, e &lt; 2^256).</summary>
    private static void LittleEndian(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        if (!value.TryWriteBytes(destination, out _, isUnsigned: true))
        {
            throw new ArgumentException("a signature scalar is below 2^320");
        }
    }

    private static void AssertPoint(List<Assertion> list, int column, int row, EcGfp5Point p)
    {
        for (int i = 0; i < 5; i++) list.Add(new Assertion(column + i, row, p.X[i]));
        for (int i = 0; i < 5; i++) list.Add(new Assertion(column + 5 + i, row, p.Y[i]));
    }

    /// <summary>An encoding w (of R or Q) in the <see cref="LambdaD"/> cells of a check row.</summary>
    private static void AssertEncoding(List<Assertion> list, int row, Fp5 w)
    {
        for (int i = 0; i < 5; i++)
        {
            list.Add(new Assertion(LambdaD + i, row, w[i]));
        }
    }
}
