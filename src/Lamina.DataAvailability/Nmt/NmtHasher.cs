using System.Security.Cryptography;
using Lamina.Core;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Nmt;

/// <summary>
/// Hashing of the namespaced Merkle tree (after Celestia's NMT, SHA-256 with Lamina's domain tags):
/// leaf = (ns, ns, H(leaf tag ‖ ns ‖ share)); node = (left.min, max, H(node tag ‖ left ‖ right)), where max is
/// left.max when the right child starts with the parity namespace (so a row's range names its data, not "parity")
/// and right.max otherwise. Children must be in namespace order; a tree that is not cannot be hashed.
/// The byte layout is exactly DomainHasher's (tag prefix ‖ message), assembled here on the stack because these are
/// the hottest hashes of the square.
/// </summary>
public static class NmtHasher
{
    public static NmtNode HashLeaf(Namespace ns, ReadOnlySpan<byte> data)
    {
        var prefix = DataAvailabilityTags.NmtLeaf.Prefix;
        var length = prefix.Length + Namespace.Size + data.Length;
        Span<byte> buffer = length <= 1024 ? stackalloc byte[1024] : new byte[length];
        prefix.CopyTo(buffer);
        ns.CopyTo(buffer[prefix.Length..]);
        data.CopyTo(buffer[(prefix.Length + Namespace.Size)..]);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA256.HashData(buffer[..length], digest);
        return new NmtNode(ns, ns, new Hash256(digest));
    }

    public static NmtNode HashNode(NmtNode left, NmtNode right)
    {
        if (left.Max > right.Min) throw new InvalidNmtException(NmtError.UnorderedNamespaces, $"left child reaches {left.Max}, beyond the right child's {right.Min}");
        var prefix = DataAvailabilityTags.NmtNode.Prefix;
        Span<byte> buffer = stackalloc byte[64 + (2 * NmtNode.Size)];
        prefix.CopyTo(buffer);
        left.CopyTo(buffer[prefix.Length..]);
        right.CopyTo(buffer[(prefix.Length + NmtNode.Size)..]);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA256.HashData(buffer[..(prefix.Length + (2 * NmtNode.Size))], digest);
        var max = right.Min == Namespace.Parity ? left.Max : right.Max;
        return new NmtNode(left.Min, max, new Hash256(digest));
    }
}
