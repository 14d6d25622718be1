using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// What an honest DA node checks once it holds at least half the columns of a square: every row, made of the shares of
/// the columns it holds (each proven against its column root), must be the codeword its committed row root names. A
/// proposer that commits to a badly encoded square and serves its columns is caught here, and the first bad row is
/// returned as a <see cref="BadEncodingProof"/> that anyone holding the header can check (Celestia's fraud proof).
/// </summary>
public static class DaEncodingCheck
{
    /// <summary>A proof that some row is badly encoded, or null when every row checks out or fewer than k columns are held.</summary>
    public static BadEncodingProof? FindBadRow(DaSquareRecord record, IReadOnlyDictionary<int, byte[]> columns)
    {
        var header = record.Header;
        var k = header.OriginalWidth;
        var width = header.Width;
        if (columns.Count < k) return null;
        var trees = new Dictionary<int, NamespacedMerkleTree>();
        foreach (var (column, shares) in columns) trees[column] = ColumnShareProof.ColumnTree(k, column, shares);
        for (var row = 0; row < width; row++)
        {
            var slots = new ProvenShare?[width];
            foreach (var (column, tree) in trees) slots[column] = new ProvenShare(columns[column].AsSpan(row * Share.Size, Share.Size), tree.ProveRange(row, row + 1));
            var proof = new BadEncodingProof(record.BlockHash, record.Height, Axis.Row, row, k, slots);
            try
            {
                proof.Verify(header);
                return proof;
            }
            catch (InvalidBadEncodingProofException e) when (e.Error == BadEncodingError.AxisCorrectlyEncoded)
            {
            }
        }
        return null;
    }
}
