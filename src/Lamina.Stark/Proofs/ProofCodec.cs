using System.Numerics;
using Lamina.Core.Codec;
using Lamina.Stark.Codec;
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
/// <para>
/// Bytes go through Lamina.Core's <see cref="CanonicalWriter"/> and <see cref="CanonicalReader"/>; the little-endian
/// integers and field elements through <see cref="GoldilocksCodec"/>. A <see cref="CodecException"/> from the reader
/// reaches callers as an <see cref="InvalidProofException"/> (Malformed, or UnsupportedVersion for the magic and
/// version) with the codec error inside, so the verifier has one rejection type.
/// </para>
/// </summary>
public static class ProofCodec
{
    public const byte Version = 2;
    private static ReadOnlySpan<byte> Magic => "LSTK"u8;

    /// <summary>Upper bound on any decoded proof, far above real proofs, to stop allocation attacks early.</summary>
    public const int MaxProofBytes = 16 << 20;

    public static byte[] Encode(StarkProof proof)
    {
        var w = new CanonicalWriter(1 << 16);
        w.WriteRaw(Magic);
        w.WriteU8(Version);
        ProofOptions o = proof.Options;
        w.WriteU8((byte)BitOperations.Log2((uint)o.BlowupFactor));
        w.WriteU8((byte)o.NumQueries);
        w.WriteU8((byte)o.GrindingBits);
        w.WriteU8((byte)o.FoldingFactor);
        w.WriteU8((byte)BitOperations.Log2((uint)(o.RemainderMaxDegree + 1)));
        w.WriteU8((byte)o.Hash);
        proof.TraceRoot.Encode(w);
        proof.CompositionRoot.Encode(w);
        w.WriteU16LittleEndian(proof.OodTraceCurrent.Length, "trace width");
        w.WriteFelt3s(proof.OodTraceCurrent);
        w.WriteFelt3s(proof.OodTraceNext);
        w.WriteU16LittleEndian(proof.OodComposition.Length, "composition width");
        w.WriteFelt3s(proof.OodComposition);
        w.WriteU8(checked((byte)proof.FriRoots.Length));
        foreach (Digest32 d in proof.FriRoots)
        {
            d.Encode(w);
        }
        w.WriteU16LittleEndian(proof.FriRemainder.Length, "FRI remainder length");
        w.WriteFelt3s(proof.FriRemainder);
        w.WriteU64LittleEndian(proof.PowNonce);
        w.WriteU16LittleEndian(proof.TraceRows.Length, "trace row count");
        foreach (Felt[] row in proof.TraceRows)
        {
            w.WriteFelts(row);
        }
        WriteDigests(w, proof.TraceMerkleNodes, "trace Merkle node count");
        w.WriteU16LittleEndian(proof.CompositionRows.Length, "composition row count");
        foreach (Felt[] row in proof.CompositionRows)
        {
            w.WriteFelts(row);
        }
        WriteDigests(w, proof.CompositionMerkleNodes, "composition Merkle node count");
        foreach (FriLayerOpening layer in proof.FriLayers)
        {
            w.WriteU16LittleEndian(layer.Groups.Length, "FRI group count");
            foreach (Felt3[] g in layer.Groups)
            {
                w.WriteFelt3s(g);
            }
            WriteDigests(w, layer.MerkleNodes, "FRI Merkle node count");
        }
        return w.ToArray();
    }

    public static StarkProof Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return DecodeCanonical(bytes);
        }
        catch (CodecException e)
        {
            ProofRejection reason = e.Error == CodecError.UnknownVersion ? ProofRejection.UnsupportedVersion : ProofRejection.Malformed;
            throw new InvalidProofException(reason, e.Message, e);
        }
    }

    private static StarkProof DecodeCanonical(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxProofBytes)
        {
            throw new CodecException(CodecError.Oversize, $"proof is {bytes.Length} bytes, the limit is {MaxProofBytes}");
        }
        var r = new CanonicalReader(bytes);
        if (!r.ReadRaw(Magic.Length, "proof magic").SequenceEqual(Magic))
        {
            throw new CodecException(CodecError.UnknownVersion, "proof does not start with the LSTK magic", 0);
        }
        r.ExpectVersion(Version, "proof");
        ProofOptions options = ReadOptions(ref r);
        Digest32 traceRoot = Digest32.Decode(ref r);
        Digest32 compositionRoot = Digest32.Decode(ref r);
        int width = r.ReadU16LittleEndian("trace width");
        Felt3[] oodCurrent = r.ReadFelt3s(width, "OOD trace row");
        Felt3[] oodNext = r.ReadFelt3s(width, "OOD next trace row");
        int compColumns = r.ReadU16LittleEndian("composition width");
        Felt3[] oodComposition = r.ReadFelt3s(compColumns, "OOD composition row");
        int layers = r.ReadU8("FRI layer count");
        r.EnsureRoom(layers, Digest32.Length, "FRI roots");
        Digest32[] friRoots = new Digest32[layers];
        for (int i = 0; i < layers; i++)
        {
            friRoots[i] = Digest32.Decode(ref r);
        }
        Felt3[] remainder = r.ReadFelt3s(r.ReadU16LittleEndian("FRI remainder length"), "FRI remainder");
        ulong nonce = r.ReadU64LittleEndian("grinding nonce");
        Felt[][] traceRows = ReadRows(ref r, width, "trace row");
        Digest32[] traceNodes = ReadDigests(ref r, "trace Merkle nodes");
        Felt[][] compRows = ReadRows(ref r, 3 * compColumns, "composition row");
        Digest32[] compNodes = ReadDigests(ref r, "composition Merkle nodes");
        FriLayerOpening[] friLayers = new FriLayerOpening[layers];
        for (int l = 0; l < layers; l++)
        {
            int groupCount = r.ReadU16LittleEndian("FRI group count");
            Felt3[][] groups = new Felt3[groupCount][];
            for (int g = 0; g < groupCount; g++)
            {
                groups[g] = r.ReadFelt3s(options.FoldingFactor, "FRI group");
            }
            friLayers[l] = new FriLayerOpening(groups, ReadDigests(ref r, "FRI Merkle nodes"));
        }
        r.EnsureEnd("proof");
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

    private static ProofOptions ReadOptions(ref CanonicalReader r)
    {
        int at = r.Position;
        int logBlowup = r.ReadU8("log2 blowup factor");
        int queries = r.ReadU8("query count");
        int grinding = r.ReadU8("grinding bits");
        int folding = r.ReadU8("folding factor");
        int logRemainder = r.ReadU8("log2 remainder size");
        byte hash = r.ReadU8("hash algorithm");
        if (logBlowup > 7 || logRemainder > 8)
        {
            throw new CodecException(CodecError.InvalidValue, "proof option out of range", at);
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
            throw new CodecException(CodecError.InvalidValue, e.Message, at);
        }
        return options;
    }

    /// <summary>u16 count, then that many rows of <paramref name="width"/> elements.</summary>
    private static Felt[][] ReadRows(ref CanonicalReader r, int width, string what)
    {
        int count = r.ReadU16LittleEndian(what + " count");
        r.EnsureRoom(count, width * GoldilocksCodec.FeltSize, what + "s");
        Felt[][] rows = new Felt[count][];
        for (int i = 0; i < count; i++)
        {
            rows[i] = r.ReadFelts(width, what);
        }
        return rows;
    }

    private static Digest32[] ReadDigests(ref CanonicalReader r, string what)
    {
        int n = r.ReadU16LittleEndian(what + " count");
        r.EnsureRoom(n, Digest32.Length, what);
        Digest32[] result = new Digest32[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = Digest32.Decode(ref r);
        }
        return result;
    }

    private static void WriteDigests(CanonicalWriter w, Digest32[] digests, string what)
    {
        w.WriteU16LittleEndian(digests.Length, what);
        foreach (Digest32 d in digests)
        {
            d.Encode(w);
        }
    }
}
