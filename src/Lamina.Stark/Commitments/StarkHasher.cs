using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Lamina.Stark.Commitments;

/// <summary>
/// Domain-separated 32-byte hashing for commitments: every input is prefixed with a one-byte tag so a leaf can
/// never be confused with an inner node or a transcript state.
/// </summary>
public sealed class StarkHasher
{
    internal const byte LeafTag = 0x00;
    internal const byte NodeTag = 0x01;
    internal const byte TranscriptTag = 0x02;
    internal const byte ProofOfWorkTag = 0x03;

    public static readonly StarkHasher Sha256 = new(HashAlgorithmId.Sha256, OpenSslSha256.IsAvailable);
    public static readonly StarkHasher Blake3 = new(HashAlgorithmId.Blake3, native: false);

    /// <summary>SHA-256 on the managed code paths only (the fallback where libcrypto is missing), for tests and benchmarks.</summary>
    internal static readonly StarkHasher ManagedSha256 = new(HashAlgorithmId.Sha256, native: false);

    public HashAlgorithmId Id { get; }

    /// <summary>True when SHA-256 goes to libcrypto (<see cref="OpenSslSha256"/>); digests are the same either way.</summary>
    internal bool UsesOpenSsl { get; }

    private StarkHasher(HashAlgorithmId id, bool native)
    {
        Id = id;
        UsesOpenSsl = native;
    }

    public static StarkHasher For(HashAlgorithmId id) => id switch
    {
        HashAlgorithmId.Sha256 => Sha256,
        HashAlgorithmId.Blake3 => Blake3,
        _ => throw new ArgumentOutOfRangeException(nameof(id), $"unknown hash algorithm {(byte)id}"),
    };

    /// <summary>Collision resistance in bits (half the output size), used by the security estimate.</summary>
    public static int CollisionResistanceBits => 128;

    /// <summary>Hashes tag ‖ data.</summary>
    public Digest32 Hash(byte tag, ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[Digest32.Length];
        if (UsesOpenSsl)
        {
            OpenSslSha256.HashBatch(tag, data, data.Length, output);
            return new Digest32(output);
        }
        if (Id == HashAlgorithmId.Sha256)
        {
            // Small inputs (every Merkle node and most leaves) go through a stack buffer and the one-shot API.
            if (data.Length <= 1024)
            {
                Span<byte> buffer = stackalloc byte[data.Length + 1];
                buffer[0] = tag;
                data.CopyTo(buffer[1..]);
                SHA256.HashData(buffer, output);
                return new Digest32(output);
            }
            using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            h.AppendData([tag]);
            h.AppendData(data);
            h.GetHashAndReset(output);
            return new Digest32(output);
        }
        var b3 = new Blake3Digest(256);
        b3.Update(tag);
        b3.BlockUpdate(data);
        b3.DoFinal(output);
        return new Digest32(output);
    }

    /// <summary>
    /// Hashes count = output.Length / 32 messages tag ‖ data[i·length .. (i+1)·length), writing digest i to
    /// output[32i ..]. Same result as calling <see cref="Hash"/> on each. SHA-256 goes to libcrypto (SHA-NI where the
    /// CPU has it) or else runs the managed eight-lane code.
    /// </summary>
    public void HashBatch(byte tag, ReadOnlySpan<byte> data, int length, Span<byte> output)
    {
        if (UsesOpenSsl)
        {
            OpenSslSha256.HashBatch(tag, data, length, output);
            return;
        }
        int count = output.Length / Digest32.Length;
        int i = 0;
        if (Id == HashAlgorithmId.Sha256 && Sha256Batch.IsAccelerated)
        {
            for (; i + Sha256Batch.Lanes <= count; i += Sha256Batch.Lanes)
            {
                Sha256Batch.Hash8(tag, data.Slice(i * length, Sha256Batch.Lanes * length), length,
                    output.Slice(i * Digest32.Length, Sha256Batch.Lanes * Digest32.Length));
            }
        }
        for (; i < count; i++)
        {
            Hash(tag, data.Slice(i * length, length)).CopyTo(output.Slice(i * Digest32.Length, Digest32.Length));
        }
    }

    /// <summary>Hashes an inner Merkle node: NodeTag ‖ left ‖ right.</summary>
    public Digest32 HashNode(in Digest32 left, in Digest32 right)
    {
        Span<byte> buffer = stackalloc byte[2 * Digest32.Length];
        left.CopyTo(buffer);
        right.CopyTo(buffer[Digest32.Length..]);
        return Hash(NodeTag, buffer);
    }
}
