using System.Buffers.Binary;
using Lamina.Stark.Commitments;
using Lamina.Stark.Field;

namespace Lamina.Stark.Proofs;

/// <summary>
/// The canonical, versioned proof encoding (all integers little-endian):
/// <code>
/// "LSTK" version:u8
/// options: log2(blowup):u8 queries:u8 grinding:u8 folding:u8 log2(remainderMaxDegree+1):u8 hash:u8
/// traceRoot:32 compositionRoot:32
/// w:u16 oodCurrent:w×F3 oodNext:w×F3   d:u16 oodComposition:d×F3
/// L:u8 friRoots:L×32   r:u16 remainder:r×F3   nonce:u64
/// q:u16 traceRows:q×w×F  m:u16 nodes:m×32
/// q:u16 compositionRows:q×3d×F  m:u16 nodes:m×32
/// for each of L layers: g:u16 groups:g×folding×F3  m:u16 nodes:m×32
/// </code>
/// F is a canonical Goldilocks element (8 bytes), F3 three of them. Decoding rejects non-canonical elements,
/// unknown versions, impossible counts and trailing bytes, so every proof has exactly one encoding.
/// </summary>
public static class ProofCodec
{
    public const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "LSTK"u8;

    /// <summary>Upper bound on any decoded proof, far above real proofs, to stop allocation attacks early.</summary>
    public const int MaxProofBytes = 16 << 20;

    public static byte[] Encode(StarkProof proof)
    {
        var w = new Writer();
        w.Bytes(Magic);
        w.U8(Version);
        ProofOptions o = proof.Options;
        w.U8((byte)System.Numerics.BitOperations.Log2((uint)o.BlowupFactor));
        w.U8((byte)o.NumQueries);
        w.U8((byte)o.GrindingBits);
        w.U8((byte)o.FoldingFactor);
        w.U8((byte)System.Numerics.BitOperations.Log2((uint)(o.RemainderMaxDegree + 1)));
        w.U8((byte)o.Hash);
        w.Digest(proof.TraceRoot);
        w.Digest(proof.CompositionRoot);
        w.U16(proof.OodTraceCurrent.Length);
        w.Felt3s(proof.OodTraceCurrent);
        w.Felt3s(proof.OodTraceNext);
        w.U16(proof.OodComposition.Length);
        w.Felt3s(proof.OodComposition);
        w.U8((byte)proof.FriRoots.Length);
        foreach (Digest32 d in proof.FriRoots)
        {
            w.Digest(d);
        }
        w.U16(proof.FriRemainder.Length);
        w.Felt3s(proof.FriRemainder);
        w.U64(proof.PowNonce);
        w.U16(proof.TraceRows.Length);
        foreach (Felt[] row in proof.TraceRows)
        {
            w.Felts(row);
        }
        w.Digests(proof.TraceMerkleNodes);
        w.U16(proof.CompositionRows.Length);
        foreach (Felt[] row in proof.CompositionRows)
        {
            w.Felts(row);
        }
        w.Digests(proof.CompositionMerkleNodes);
        foreach (FriLayerOpening layer in proof.FriLayers)
        {
            w.U16(layer.Groups.Length);
            foreach (Felt3[] g in layer.Groups)
            {
                w.Felt3s(g);
            }
            w.Digests(layer.MerkleNodes);
        }
        return w.ToArray();
    }

    public static StarkProof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxProofBytes)
        {
            throw new InvalidProofException(ProofRejection.Malformed, "Proof exceeds the maximum size.");
        }
        var r = new Reader(bytes);
        if (!r.Bytes(4).SequenceEqual(Magic))
        {
            throw new InvalidProofException(ProofRejection.UnsupportedVersion, "Bad magic.");
        }
        byte version = r.U8();
        if (version != Version)
        {
            throw new InvalidProofException(ProofRejection.UnsupportedVersion, $"Unknown proof version {version}.");
        }
        int logBlowup = r.U8();
        int queries = r.U8();
        int grinding = r.U8();
        int folding = r.U8();
        int logRemainder = r.U8();
        byte hash = r.U8();
        if (logBlowup > 7 || logRemainder > 8)
        {
            throw new InvalidProofException(ProofRejection.Malformed, "Option out of range.");
        }
        var options = new ProofOptions
        {
            BlowupFactor = 1 << logBlowup,
            NumQueries = queries,
            GrindingBits = grinding,
            FoldingFactor = folding,
            RemainderMaxDegree = (1 << logRemainder) - 1,
            Hash = (HashAlgorithmId)hash,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidProofException(ProofRejection.Malformed, e.Message);
        }
        Digest32 traceRoot = r.Digest();
        Digest32 compositionRoot = r.Digest();
        int width = r.U16();
        Felt3[] oodCurrent = r.Felt3s(width);
        Felt3[] oodNext = r.Felt3s(width);
        int compColumns = r.U16();
        Felt3[] oodComposition = r.Felt3s(compColumns);
        int layers = r.U8();
        Digest32[] friRoots = new Digest32[layers];
        for (int i = 0; i < layers; i++)
        {
            friRoots[i] = r.Digest();
        }
        Felt3[] remainder = r.Felt3s(r.U16());
        ulong nonce = r.U64();
        int traceRowCount = r.U16();
        Felt[][] traceRows = new Felt[traceRowCount][];
        for (int i = 0; i < traceRowCount; i++)
        {
            traceRows[i] = r.Felts(width);
        }
        Digest32[] traceNodes = r.Digests();
        int compRowCount = r.U16();
        Felt[][] compRows = new Felt[compRowCount][];
        for (int i = 0; i < compRowCount; i++)
        {
            compRows[i] = r.Felts(3 * compColumns);
        }
        Digest32[] compNodes = r.Digests();
        FriLayerOpening[] friLayers = new FriLayerOpening[layers];
        for (int l = 0; l < layers; l++)
        {
            int groupCount = r.U16();
            Felt3[][] groups = new Felt3[groupCount][];
            for (int g = 0; g < groupCount; g++)
            {
                groups[g] = r.Felt3s(folding);
            }
            friLayers[l] = new FriLayerOpening(groups, r.Digests());
        }
        if (!r.AtEnd)
        {
            throw new InvalidProofException(ProofRejection.Malformed, "Trailing bytes after proof.");
        }
        return new StarkProof
        {
            Options = options,
            TraceRoot = traceRoot,
            CompositionRoot = compositionRoot,
            OodTraceCurrent = oodCurrent,
            OodTraceNext = oodNext,
            OodComposition = oodComposition,
            FriRoots = friRoots,
            FriRemainder = remainder,
            PowNonce = nonce,
            TraceRows = traceRows,
            TraceMerkleNodes = traceNodes,
            CompositionRows = compRows,
            CompositionMerkleNodes = compNodes,
            FriLayers = friLayers,
        };
    }

    private sealed class Writer
    {
        private readonly List<byte> _bytes = new(1 << 16);
        private readonly byte[] _scratch = new byte[8];

        public void Bytes(ReadOnlySpan<byte> b)
        {
            foreach (byte x in b)
            {
                _bytes.Add(x);
            }
        }

        public void U8(byte v) => _bytes.Add(v);

        public void U16(int v)
        {
            if ((uint)v > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(v), "Count does not fit the proof format.");
            }
            BinaryPrimitives.WriteUInt16LittleEndian(_scratch, (ushort)v);
            Bytes(_scratch.AsSpan(0, 2));
        }

        public void U64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_scratch, v);
            Bytes(_scratch);
        }

        public void Felt(Felt f) => U64(f.Value);

        public void Felts(ReadOnlySpan<Felt> values)
        {
            foreach (Felt f in values)
            {
                Felt(f);
            }
        }

        public void Felt3s(ReadOnlySpan<Felt3> values)
        {
            foreach (Felt3 f in values)
            {
                Felt(f.C0);
                Felt(f.C1);
                Felt(f.C2);
            }
        }

        public void Digest(Digest32 d) => Bytes(d.ToArray());

        public void Digests(Digest32[] ds)
        {
            U16(ds.Length);
            foreach (Digest32 d in ds)
            {
                Digest(d);
            }
        }

        public byte[] ToArray() => _bytes.ToArray();
    }

    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private int _pos;

        public Reader(ReadOnlySpan<byte> bytes)
        {
            _bytes = bytes;
            _pos = 0;
        }

        public readonly bool AtEnd => _pos == _bytes.Length;

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || _bytes.Length - _pos < n)
            {
                throw new InvalidProofException(ProofRejection.Malformed, "Proof is truncated.");
            }
            ReadOnlySpan<byte> s = _bytes.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public byte U8() => Bytes(1)[0];
        public int U16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));

        public Felt Felt()
        {
            if (!Field.Felt.TryFromCanonical(U64(), out Felt f))
            {
                throw new InvalidProofException(ProofRejection.Malformed, "Non-canonical field element.");
            }
            return f;
        }

        public Felt[] Felts(int n)
        {
            EnsureRemaining((long)n * 8);
            Felt[] result = new Felt[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = Felt();
            }
            return result;
        }

        public Felt3[] Felt3s(int n)
        {
            EnsureRemaining((long)n * 24);
            Felt3[] result = new Felt3[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = new Felt3(Felt(), Felt(), Felt());
            }
            return result;
        }

        public Digest32 Digest() => new(Bytes(Digest32.Length));

        public Digest32[] Digests()
        {
            int n = U16();
            EnsureRemaining((long)n * Digest32.Length);
            Digest32[] result = new Digest32[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = Digest();
            }
            return result;
        }

        /// <summary>Checks a declared count against the bytes left before allocating for it.</summary>
        private readonly void EnsureRemaining(long needed)
        {
            if (needed > _bytes.Length - _pos)
            {
                throw new InvalidProofException(ProofRejection.Malformed, "Proof is truncated.");
            }
        }
    }
}
