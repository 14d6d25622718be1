using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// PeerDAS's rule that a node holding half the columns can rebuild the rest: with at least k of a square's 2k columns
/// held, every row has k shares, so each row decodes (Reed-Solomon) into the whole square, which is then checked
/// against every row and column root of the block (<see cref="SquareRepair"/> with the header). A DA node uses it to
/// serve a column outside its custody. The last square rebuilt is kept, since samples of one block come together.
/// </summary>
public sealed class DaReconstruction(DaStore store)
{
    private readonly Lock _gate = new();
    private (ulong Height, ExtendedSquare Square)? _last;

    /// <summary>The column's 2k shares rebuilt from the held columns, or null when fewer than k are held.</summary>
    public byte[]? Column(DaSquareRecord record, int column)
    {
        return Square(record)?.ColumnShares(column);
    }

    private ExtendedSquare? Square(DaSquareRecord record)
    {
        lock (_gate)
        {
            if (_last is { } last && last.Height == record.Height) return last.Square;
        }
        var header = record.Header;
        var k = header.OriginalWidth;
        var held = store.HeldColumns(record.Height);
        if (held.Count < k) return null;
        var columns = new Dictionary<int, byte[]>();
        foreach (var column in held) columns[column] = store.GetColumn(record.Height, column)!;
        // Checked against every root: a store whose columns were tampered with throws BadEncodingException, never serves.
        var square = Rebuild(header, columns);
        lock (_gate) _last = (record.Height, square);
        return square;
    }

    /// <summary>
    /// The whole extended square from at least k of its columns (each 2k shares, top to bottom), every row decoded and
    /// every row and column root checked against <paramref name="header"/>: <see cref="UnrecoverableSquareException"/>
    /// with too few, <see cref="BadEncodingException"/> when the columns do not make the committed square.
    /// </summary>
    public static ExtendedSquare Rebuild(DataAvailabilityHeader header, IReadOnlyDictionary<int, byte[]> columns)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(columns);
        var width = header.Width;
        var bytes = new byte[width * width * Share.Size];
        var present = new bool[width * width];
        foreach (var (column, shares) in columns)
        {
            for (var row = 0; row < width; row++)
            {
                shares.AsSpan(row * Share.Size, Share.Size).CopyTo(bytes.AsSpan(((row * width) + column) * Share.Size));
                present[(row * width) + column] = true;
            }
        }
        return SquareRepair.Repair(header.OriginalWidth, bytes, present, GfIsaSupport.Best, header);
    }
}
