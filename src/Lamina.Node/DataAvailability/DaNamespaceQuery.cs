using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// da_getNamespaceData: every share of one namespace in a block's square, row by row (as Celestia's
/// GetSharesByNamespace), each row with a namespace proof against its row root (completeness: a server that leaves a
/// share out is caught; absence: a row whose range covers the namespace but holds none of it) and the row root's
/// path in the data root. Rows come from the block's own blobs, laid out and extended again, so any node of the
/// chain can answer for any namespace; custody limits only what <c>da_getShare</c> serves.
/// </summary>
public static class DaNamespaceQuery
{
    public static JsonObject Answer(Block block, DataAvailabilityHeader header, Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(block);
        return Answer(block.Height, BlobModule.BlobsOf(block.Transactions), header, ns);
    }

    /// <summary>The answer for the square of <paramref name="blockBlobs"/> (a block's blobs in transaction order) at <paramref name="height"/>.</summary>
    public static JsonObject Answer(ulong height, IReadOnlyList<Blob> blockBlobs, DataAvailabilityHeader header, Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(blockBlobs);
        ArgumentNullException.ThrowIfNull(header);
        return Answer(height, ExtendedSquare.Extend(DataSquare.FromBlobs(blockBlobs), GfIsaSupport.Best), blockBlobs, header, ns);
    }

    /// <summary>
    /// The answer from the extended square itself (a DA node that follows only headers rebuilds it from half its
    /// columns, each checked against the header): the blobs are read back out of its original quadrant.
    /// </summary>
    public static JsonObject Answer(ulong height, ExtendedSquare square, DataAvailabilityHeader header, Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(square);
        return Answer(height, square, DataSquare.FromShares(square.OriginalWidth, square.OriginalShares()).ExtractBlobs(), header, ns);
    }

    private static JsonObject Answer(ulong height, ExtendedSquare square, IReadOnlyList<Blob> blockBlobs, DataAvailabilityHeader header, Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(header);
        var rows = new JsonArray();
        var blobs = new JsonArray();
        for (var row = 0; row < square.OriginalWidth; row++)
        {
            var root = header.RowRoots[row];
            if (!root.Covers(ns)) continue;
            var tree = square.RowTree(row);
            var proof = tree.ProveNamespace(ns);
            var shares = new JsonArray();
            for (var column = proof.Range.Start; column < proof.Range.End && !proof.ProvesAbsence; column++) shares.Add(Hex.Encode(square.Share(row, column)));
            var path = new JsonArray();
            foreach (var hash in header.ProveRoot(row, column: false)) path.Add(hash.ToString());
            rows.Add(new JsonObject
            {
                ["row"] = row,
                ["rowRoot"] = Hex.Encode(root.ToArray()),
                ["rowRootPath"] = path,
                ["shares"] = shares,
                ["proof"] = Hex.Encode(Canonical.Encode(proof)),
                ["absent"] = proof.ProvesAbsence,
            });
        }
        foreach (var blob in blockBlobs)
        {
            if (blob.Namespace == ns) blobs.Add(Hex.Encode(blob.Data));
        }
        return new JsonObject
        {
            ["height"] = height,
            ["namespace"] = ns.ToString(),
            ["dataRoot"] = header.DataRoot.ToString(),
            ["k"] = header.OriginalWidth,
            ["rows"] = rows,
            ["blobs"] = blobs,
        };
    }
}
