using Lamina.Core;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.Sidecars;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// An L1 node's answers on the column channel: it holds every committed block's blob sidecars for the retention window
/// (validators prevote only once they hold them), so it can lay out and extend any such square and serve any column.
/// DA nodes that do not follow the chain get their custody columns here (and from each other). The last few squares
/// are kept, since every DA node asks for its columns of the same new block.
/// </summary>
public sealed class SidecarColumnSource(Blockchain chain, BlobSidecarCache sidecars) : IDaColumnSource
{
    private const int KeptSquares = 4;
    private readonly Lock _gate = new();
    private readonly List<(ulong Height, Hash256 DataRoot, ExtendedSquare Square, DataAvailabilityHeader Header)> _recent = [];

    public DaColumnResponse Serve(DaColumnRequest request)
    {
        if (Square(request.Height, request.DataRoot) is not { } found) return DaColumnResponse.Refused(DaShareStatus.NotStored);
        var (square, header) = found;
        var withHeader = request.Parts.HasFlag(DaColumnParts.Header) ? header : null;
        if (!request.Parts.HasFlag(DaColumnParts.Shares)) return DaColumnResponse.Served(withHeader, null);
        if (request.Column >= square.Width) return DaColumnResponse.Refused(DaShareStatus.NotStored);
        var shares = new byte[square.Width * Share.Size];
        for (var row = 0; row < square.Width; row++) square.Share(row, request.Column).CopyTo(shares.AsSpan(row * Share.Size));
        return DaColumnResponse.Served(withHeader, shares);
    }

    private (ExtendedSquare, DataAvailabilityHeader)? Square(ulong height, Hash256 dataRoot)
    {
        if (dataRoot == Hash256.Zero) return null;
        lock (_gate)
        {
            foreach (var kept in _recent)
            {
                if (kept.Height == height && kept.DataRoot == dataRoot) return (kept.Square, kept.Header);
            }
        }
        // Only a committed block with exactly this root, and only with all its sidecars: never a guess.
        if (chain.Store.GetBlock(height) is not { } block || block.Header.DataRoot != dataRoot || sidecars.Hydrate(block) != 0) return null;
        var square = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(block.Transactions)), GfIsaSupport.Best);
        var header = square.ComputeHeader();
        if (header.DataRoot != dataRoot) return null;
        lock (_gate)
        {
            _recent.Add((height, dataRoot, square, header));
            if (_recent.Count > KeptSquares) _recent.RemoveAt(0);
        }
        return (square, header);
    }
}
