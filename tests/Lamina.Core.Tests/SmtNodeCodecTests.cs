using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;

namespace Lamina.Core.Tests;

/// <summary>The tree node encoder writes the canonical codec's layout directly; the fast readers agree with the decoder.</summary>
public sealed class SmtNodeCodecTests
{
    private static readonly Hash256 A = DomainHasher.Hash(DomainTags.SmtKey, [1]), B = DomainHasher.Hash(DomainTags.SmtKey, [2]);

    [Fact]
    public void Nodes_encode_exactly_as_the_canonical_writer_lays_them_out()
    {
        var w = new CanonicalWriter();
        w.WriteU8(2);
        w.WriteHash(A);
        w.WriteHash(B);
        Assert.Equal(w.ToArray(), SmtNode.Internal(A, B).Encode());
        foreach (var value in new[] { Array.Empty<byte>(), [7], new byte[300] })
        {
            var leaf = new CanonicalWriter();
            leaf.WriteU8(1);
            leaf.WriteHash(A);
            leaf.WriteBytes(value);
            Assert.Equal(leaf.ToArray(), SmtNode.Leaf(A, value).Encode());
            Assert.Equal(SmtNode.Leaf(A, value).Value, SmtNode.Decode(leaf.ToArray()).Value);
        }
    }

    [Fact]
    public void Internal_node_children_read_without_decoding_equal_the_decoded_ones()
    {
        Assert.True(SmtNode.TryReadChildren(SmtNode.Internal(A, B).Encode(), out var l, out var r));
        Assert.Equal((A, B), (l, r));
        Assert.Equal(SmtNode.Internal(A, B), SmtNode.Decode(SmtNode.Internal(A, B).Encode()));
        Assert.False(SmtNode.TryReadChildren(SmtNode.Leaf(A, [9, 9]).Encode(), out _, out _));
        Assert.Throws<CodecException>(() => SmtNode.TryReadChildren([7, .. new byte[64]], out _, out _));
        // An internal node's encoding with a byte more or less is refused, not read by the fixed-layout path.
        Assert.Throws<CodecException>(() => SmtNode.Decode([.. SmtNode.Internal(A, B).Encode(), 0]));
        Assert.Throws<CodecException>(() => SmtNode.Decode(SmtNode.Internal(A, B).Encode()[..64]));
    }
}
