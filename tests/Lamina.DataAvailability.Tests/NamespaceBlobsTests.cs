using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

/// <summary>Blobs read back from one namespace's shares, as the CLI's `da get` and rollup derivation do.</summary>
public class NamespaceBlobsTests
{
    private static (List<byte[]> Shares, List<byte[]> Blobs) OneNamespace()
    {
        var ns = TestSquares.Ns(3);
        var blobs = new List<Blob>
        {
            new(ns, Enumerable.Range(0, Share.FirstCapacity + (2 * Share.ContinuationCapacity) + 5).Select(i => (byte)i).ToArray()),
            new(ns, [1, 2, 3]),
            new(TestSquares.Ns(9), new byte[700]),
        };
        var square = DataSquare.FromBlobs(blobs);
        var shares = new List<byte[]>();
        for (var i = 0; i < square.Width * square.Width; i++)
        {
            var bytes = square.ShareBytes(i / square.Width, i % square.Width).ToArray();
            if (Share.Decode(bytes).Namespace == ns) shares.Add(bytes);
        }
        return (shares, [blobs[0].Data, blobs[1].Data]);
    }

    [Fact]
    public void A_namespace_shares_give_back_its_blobs_in_order()
    {
        var (shares, expected) = OneNamespace();
        var back = NamespaceBlobs.Reassemble(shares);
        Assert.Equal(expected.Count, back.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], back[i]);
    }

    [Fact]
    public void Shares_left_out_at_either_end_or_inside_are_refused_not_read_as_shorter_blobs()
    {
        var (shares, _) = OneNamespace();
        Assert.Equal(SquareError.BrokenSequence, Assert.Throws<InvalidSquareException>(() => NamespaceBlobs.Reassemble(shares[1..])).Error);
        Assert.Equal(SquareError.BrokenSequence, Assert.Throws<InvalidSquareException>(() => NamespaceBlobs.Reassemble([.. shares[..1], .. shares[2..]])).Error);
        var firstBlobOnlyPart = shares[..2]; // the first blob needs three shares
        Assert.Equal(SquareError.BrokenSequence, Assert.Throws<InvalidSquareException>(() => NamespaceBlobs.Reassemble(firstBlobOnlyPart)).Error);
        Assert.Empty(NamespaceBlobs.Reassemble([]));
    }
}
