using System.Buffers;
using System.Security.Cryptography;

namespace Lamina.Core.Crypto;

/// <summary>
/// Domain-separated SHA-256 (OpenSSL on Linux, with SHA-NI where the CPU has it). Small inputs are assembled on the
/// stack so the hot paths (Merkle nodes, tree updates) do not allocate, and hashed through OpenSSL's low-level calls
/// where available (<see cref="OpenSslSha256"/>: the platform's one-shot costs several times the hashing itself on
/// such short messages); large ones through the platform's one-shot.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static class DomainHasher
{
    private const int StackLimit = 512;

    public static Hash256 Hash(DomainTag tag, ReadOnlySpan<byte> message)
        => Hash(tag, message, ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty);

    public static Hash256 Hash(DomainTag tag, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        => Hash(tag, a, b, ReadOnlySpan<byte>.Empty);

    public static Hash256 Hash(DomainTag tag, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var prefix = tag.Prefix;
        var total = prefix.Length + a.Length + b.Length + c.Length;
        byte[]? rented = null;
        var buffer = total <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(total));
        try
        {
            var span = buffer[..total];
            prefix.CopyTo(span);
            var offset = prefix.Length;
            a.CopyTo(span[offset..]);
            offset += a.Length;
            b.CopyTo(span[offset..]);
            offset += b.Length;
            c.CopyTo(span[offset..]);
            Span<byte> digest = stackalloc byte[Hash256.Size];
            if (total <= OpenSslSha256.MaxInput && OpenSslSha256.IsAvailable) OpenSslSha256.Hash(span, digest);
            else SHA256.HashData(span, digest);
            return new Hash256(digest);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hash of two child hashes, the inner step of every binary tree.</summary>
    public static Hash256 HashPair(DomainTag tag, Hash256 left, Hash256 right)
    {
        // The same bytes as Hash(tag, left ‖ right), assembled once in a buffer of fixed size: this is every tree
        // node's hash, so the general path's three-part copy into a 512-byte buffer is worth skipping.
        var prefix = tag.Prefix;
        Span<byte> buffer = stackalloc byte[MaxPrefix + (2 * Hash256.Size)];
        prefix.CopyTo(buffer);
        left.CopyTo(buffer[prefix.Length..]);
        right.CopyTo(buffer[(prefix.Length + Hash256.Size)..]);
        var message = buffer[..(prefix.Length + (2 * Hash256.Size))];
        Span<byte> digest = stackalloc byte[Hash256.Size];
        if (OpenSslSha256.IsAvailable) OpenSslSha256.Hash(message, digest);
        else SHA256.HashData(message, digest);
        return new Hash256(digest);
    }

    /// <summary>The longest tag prefix: a length byte and at most 64 characters (<see cref="DomainTag"/>).</summary>
    private const int MaxPrefix = 65;
}
