using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Custody;
using Lamina.DataAvailability.Nmt;

namespace Lamina.DataAvailability.Tests;

/// <summary>
/// PeerDAS custody groups against an independent transcription of the spec's get_custody_groups
/// (golden/gen_custody_vectors.py), the scaling of groups to a square's columns, and column share proofs: every
/// share of a column proves against the data root from the column alone, and a wrong share, position or root is refused.
/// </summary>
public class CustodyTests
{
    [Theory]
    [InlineData("0000000000000000000000000000000000000001", 4, new[] { 1, 17, 75, 87 })]
    [InlineData("ffffffffffffffffffffffffffffffffffffffff", 4, new[] { 9, 37, 45, 121 })]
    [InlineData("00112233445566778899aabbccddeeff00112233", 4, new[] { 5, 16, 60, 73 })]
    [InlineData("00112233445566778899aabbccddeeff00112233", 32, new[] { 0, 3, 4, 5, 12, 16, 23, 25, 26, 32, 35, 39, 41, 45, 50, 51, 53, 58, 60, 62, 64, 67, 68, 73, 75, 83, 93, 97, 114, 115, 124, 125 })]
    public void Custody_groups_match_the_spec_reference(string nodeId, int count, int[] expected)
        => Assert.Equal(expected, CustodyGroups.Of(Convert.FromHexString(nodeId), count));

    [Fact]
    public void All_groups_are_every_group_and_bad_counts_are_refused()
    {
        Assert.Equal(Enumerable.Range(0, 128), CustodyGroups.Of([1], 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustodyGroups.Of([1], 129));
        Assert.Throws<ArgumentException>(() => CustodyGroups.Of([], 4));
        Assert.Throws<ArgumentException>(() => CustodyGroups.Columns([1], 6));
    }

    [Fact]
    public void Groups_scale_to_the_square_width()
    {
        // At 128 columns and more, group g holds g, g + 128, …; below, column g mod width (groups may share one).
        Assert.Equal([5, 133, 261, 389], CustodyGroups.Columns([5], 512));
        Assert.Equal([1, 17, 75, 87], CustodyGroups.Columns([1, 17, 75, 87], 128));
        Assert.Equal([1, 3, 7], CustodyGroups.Columns([1, 17, 75, 87], 8));
        Assert.True(CustodyGroups.Holds([1, 17, 75, 87], 8, 3));
        Assert.False(CustodyGroups.Holds([1, 17, 75, 87], 8, 2));
        // 32 of 128 groups spread over a 128-wide square hold exactly a quarter of its columns.
        Assert.Equal(32, CustodyGroups.Columns(CustodyGroups.Of([9, 9], 32), 128).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Every_share_of_a_column_proves_from_the_column_alone(int k)
    {
        var (_, extended, header) = TestSquares.Build(k, 41);
        var width = extended.Width;
        for (var column = 0; column < width; column++)
        {
            var shares = new byte[width * Shares.Share.Size];
            for (var row = 0; row < width; row++) extended.Share(row, column).CopyTo(shares.AsSpan(row * Shares.Share.Size));
            var tree = ColumnShareProof.ColumnTree(k, column, shares);
            Assert.Equal(header.ColumnRoots[column], tree.Root);
            for (var row = 0; row < width; row++)
            {
                var proof = Canonical.Decode<ColumnShareProof>(Canonical.Encode(ColumnShareProof.Create(tree, header, row, column)));
                proof.Verify(header.DataRoot, extended.Share(row, column));
            }
        }
    }

    [Fact]
    public void A_wrong_share_position_or_root_is_refused_with_a_typed_error()
    {
        var (_, extended, header) = TestSquares.Build(4, 42);
        var shares = new byte[8 * Shares.Share.Size];
        for (var row = 0; row < 8; row++) extended.Share(row, 5).CopyTo(shares.AsSpan(row * Shares.Share.Size));
        var tree = ColumnShareProof.ColumnTree(4, 5, shares);
        var proof = ColumnShareProof.Create(tree, header, 2, 5);
        var share = extended.Share(2, 5).ToArray();
        share[100] ^= 1;
        Assert.Equal(NmtError.RootMismatch, Assert.Throws<InvalidNmtException>(() => proof.Verify(header.DataRoot, share)).Error);
        Assert.Throws<InvalidNmtException>(() => proof.Verify(header.DataRoot, extended.Share(3, 5)));
        Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(Hash256.Zero, extended.Share(2, 5)));
        Assert.Throws<ArgumentException>(() => ColumnShareProof.Create(tree, header, 2, 4));
    }

    [Fact]
    public void The_decoder_refuses_bad_versions_positions_and_trailing_bytes()
    {
        var (_, extended, header) = TestSquares.Build(2, 43);
        var shares = new byte[4 * Shares.Share.Size];
        for (var row = 0; row < 4; row++) extended.Share(row, 1).CopyTo(shares.AsSpan(row * Shares.Share.Size));
        var bytes = Canonical.Encode(ColumnShareProof.Create(ColumnShareProof.ColumnTree(2, 1, shares), header, 3, 1));
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => Canonical.Decode<ColumnShareProof>([2, .. bytes[1..]])).Error);
        var badK = bytes.ToArray();
        badK[2] = 3;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<ColumnShareProof>(badK)).Error);
        var badRow = bytes.ToArray();
        badRow[4] = 4;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => Canonical.Decode<ColumnShareProof>(badRow)).Error);
        Assert.Throws<CodecException>(() => Canonical.Decode<ColumnShareProof>([.. bytes, 0]));
        Assert.Throws<CodecException>(() => Canonical.Decode<ColumnShareProof>(bytes[..^1]));
    }
}
