using Lamina.Core.Merkle;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

public class NmtTests
{
    /// <summary>16 leaves: namespaces 1,1,1,2,2,4,4,4,4,6,… then parity, as a row of a 8-wide original square would have.</summary>
    private static (NamespacedMerkleTree Tree, byte[][] Shares, Namespace[] Namespaces) Row()
    {
        byte[] ids = [1, 1, 1, 2, 2, 4, 4, 4];
        var shares = new byte[16][];
        var namespaces = new Namespace[16];
        var leaves = new NmtNode[16];
        for (var i = 0; i < 16; i++)
        {
            namespaces[i] = i < 8 ? TestSquares.Ns(ids[i]) : Namespace.Parity;
            shares[i] = new byte[Share.Size];
            shares[i][100] = (byte)i;
            leaves[i] = NmtHasher.HashLeaf(namespaces[i], shares[i]);
        }
        return (new NamespacedMerkleTree(leaves), shares, namespaces);
    }

    private static byte[][] SharesOf((NamespacedMerkleTree Tree, byte[][] Shares, Namespace[] Namespaces) row, Namespace ns) =>
        Enumerable.Range(0, 16).Where(i => row.Namespaces[i] == ns).Select(i => row.Shares[i]).ToArray();

    [Fact]
    public void Row_range_names_its_data_not_parity()
    {
        var row = Row();
        Assert.Equal(TestSquares.Ns(1), row.Tree.Root.Min);
        Assert.Equal(TestSquares.Ns(4), row.Tree.Root.Max);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_namespace_proof_shows_every_share_of_the_namespace(byte id)
    {
        var row = Row();
        var ns = TestSquares.Ns(id);
        var proof = row.Tree.ProveNamespace(ns);
        Assert.False(proof.ProvesAbsence);
        proof.VerifyComplete(row.Tree.Root, 16, SharesOf(row, ns));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_prover_that_leaves_out_a_share_of_the_namespace_is_caught(byte id)
    {
        var row = Row();
        var ns = TestSquares.Ns(id);
        var full = row.Tree.ProveNamespace(ns);
        var shares = SharesOf(row, ns);
        // Dropping the first share: the range starts one later and the leaf left of it is in the namespace.
        var withoutFirst = new NamespaceProof(ns, row.Tree.ProveRange(full.Range.Start + 1 < full.Range.End ? full.Range.Start + 1 : full.Range.Start, full.Range.End), null);
        if (shares.Length > 1)
        {
            var error = Assert.Throws<InvalidNmtException>(() => withoutFirst.VerifyComplete(row.Tree.Root, 16, shares[1..]));
            Assert.Equal(NmtError.IncompleteNamespace, error.Error);
            var withoutLast = new NamespaceProof(ns, row.Tree.ProveRange(full.Range.Start, full.Range.End - 1), null);
            Assert.Equal(NmtError.IncompleteNamespace, Assert.Throws<InvalidNmtException>(() => withoutLast.VerifyComplete(row.Tree.Root, 16, shares[..^1])).Error);
        }
        // Passing off fewer shares under the full proof does not even reach the root.
        Assert.Equal(NmtError.MalformedProof, Assert.Throws<InvalidNmtException>(() => full.VerifyComplete(row.Tree.Root, 16, shares[1..])).Error);
        // A changed share does not reach the root either.
        var changed = shares.Select(s => (byte[])s.Clone()).ToArray();
        changed[0][200] ^= 1;
        Assert.Equal(NmtError.RootMismatch, Assert.Throws<InvalidNmtException>(() => full.VerifyComplete(row.Tree.Root, 16, changed)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    public void Absent_namespaces_have_absence_proofs_and_present_ones_cannot_fake_them(byte id)
    {
        var row = Row();
        var ns = TestSquares.Ns(id);
        var proof = row.Tree.ProveNamespace(ns);
        Assert.True(proof.ProvesAbsence);
        proof.VerifyAbsent(row.Tree.Root, 16);

        // The same proof shape aimed at a present namespace fails: the leaf shown is not above it, or a left subtree reaches it.
        var present = TestSquares.Ns(4);
        var forged = new NamespaceProof(present, proof.Range, proof.AbsenceLeaf);
        Assert.Throws<InvalidNmtException>(() => forged.VerifyAbsent(row.Tree.Root, 16));
    }

    [Fact]
    public void Leaves_out_of_namespace_order_cannot_be_hashed()
    {
        var a = NmtHasher.HashLeaf(TestSquares.Ns(2), new byte[Share.Size]);
        var b = NmtHasher.HashLeaf(TestSquares.Ns(1), new byte[Share.Size]);
        Assert.Equal(NmtError.UnorderedNamespaces, Assert.Throws<InvalidNmtException>(() => NmtHasher.HashNode(a, b)).Error);
    }

    [Fact]
    public void Every_range_proof_verifies_and_a_changed_sibling_does_not()
    {
        var row = Row();
        for (var start = 0; start < 16; start++)
        {
            for (var end = start + 1; end <= 16; end++)
            {
                var proof = row.Tree.ProveRange(start, end);
                var leaves = Enumerable.Range(start, end - start).Select(row.Tree.Leaf).ToArray();
                proof.VerifyInclusion(row.Tree.Root, 16, leaves);
                if (proof.Siblings.Count == 0) continue;
                var siblings = proof.Siblings.ToArray();
                var s = siblings[0];
                siblings[0] = new NmtNode(s.Min, s.Max, BinaryMerkleTree.HashLeaf(s.Digest.ToArray()));
                Assert.Throws<InvalidNmtException>(() => new NmtRangeProof(start, end, siblings).VerifyInclusion(row.Tree.Root, 16, leaves));
            }
        }
    }

    [Fact]
    public void Square_namespace_proofs_cover_every_row_a_namespace_touches()
    {
        var (_, extended, header) = TestSquares.Build(8, 21);
        var k = extended.OriginalWidth;
        for (var row = 0; row < k; row++)
        {
            var tree = extended.RowTree(row);
            Assert.Equal(header.RowRoots[row], tree.Root);
            for (byte id = 0; id <= 6; id++)
            {
                var ns = TestSquares.Ns(id);
                var proof = tree.ProveNamespace(ns);
                var shares = Enumerable.Range(0, k).Where(c => extended.LeafNamespace(row, c) == ns).Select(c => extended.Share(row, c).ToArray()).ToArray();
                if (shares.Length == 0) proof.VerifyAbsent(header.RowRoots[row], 2 * k);
                else proof.VerifyComplete(header.RowRoots[row], 2 * k, shares);
            }
        }
    }
}
