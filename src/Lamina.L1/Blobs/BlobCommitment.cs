using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L1.Blobs;

/// <summary>
/// What a blob transaction carries instead of its bytes: a domain-separated SHA-256 of the blob's length and data
/// (the role of EIP-4844's versioned hash; Lamina has no KZG, and the data root already commits to the encoding).
/// The bytes travel beside the block as a sidecar and are matched to the transaction by this value.
/// </summary>
public static class BlobCommitment
{
    public static readonly DomainTag Tag = new("lamina/l1/blob-commitment");

    public static Hash256 Of(ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, checked((uint)data.Length));
        return DomainHasher.Hash(Tag, length, data);
    }
}
