using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Nmt;

namespace Lamina.DataAvailability.Tests;

public class ShareProofTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void Every_share_proves_against_the_data_root(int k)
    {
        var (_, extended, header) = TestSquares.Build(k, 31);
        for (var row = 0; row < extended.Width; row++)
        {
            for (var column = 0; column < extended.Width; column += Math.Max(1, k / 4))
            {
                var proof = ShareProof.Create(extended, header, row, column);
                var decoded = Canonical.Decode<ShareProof>(Canonical.Encode(proof));
                decoded.Verify(header.DataRoot, extended.Share(row, column));
            }
        }
    }

    [Fact]
    public void A_wrong_share_or_root_is_refused_with_a_typed_error()
    {
        var (_, extended, header) = TestSquares.Build(4, 32);
        var proof = ShareProof.Create(extended, header, 1, 6);
        var share = extended.Share(1, 6).ToArray();
        share[300] ^= 1;
        Assert.Equal(NmtError.RootMismatch, Assert.Throws<InvalidNmtException>(() => proof.Verify(header.DataRoot, share)).Error);
        Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(Hash256.Zero, extended.Share(1, 6)));
        // The proof of one share does not prove its neighbour.
        Assert.Throws<InvalidNmtException>(() => proof.Verify(header.DataRoot, extended.Share(1, 7)));
    }

    [Fact]
    public void Data_root_is_the_merkle_root_of_row_then_column_roots()
    {
        var (_, extended, header) = TestSquares.Build(4, 33);
        var leaves = header.RowRoots.Concat(header.ColumnRoots).Select(DataAvailabilityHeader.LeafHash).ToArray();
        Assert.Equal(BinaryMerkleTree.Root(leaves), header.DataRoot);
        var decoded = Canonical.Decode<DataAvailabilityHeader>(Canonical.Encode(header));
        Assert.Equal(header.DataRoot, decoded.DataRoot);
        for (var i = 0; i < extended.Width; i++) Assert.Equal(extended.ColumnTree(i).Root, header.ColumnRoots[i]);
    }
}
