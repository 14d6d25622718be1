using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.Network;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// How a DA node that does not follow the chain gets its data: for a block whose data root it trusts (from a header
/// its light client verified), it asks peers, in random order, for the square's row and column roots (kept only if
/// they hash to that data root), then for each custody column (kept only if its shares make the column's root), and
/// stores them. A peer that sends something that fails a check is refused with a <see cref="DaColumnException"/> and
/// scored. When some custody column is served by nobody, PeerDAS's rule applies: with at least half the columns
/// (fetched, verified), the node rebuilds the square (<see cref="SquareRepair"/>, checked against every root), keeps
/// its custody columns and re-seeds them to its peers (<see cref="DaColumnPush"/>).
/// </summary>
public sealed class DaColumnFetcher(IPeerNetwork net, DaStore store, DaCustody custody, SamplingEntropy entropy, ILogger logger, TimeSpan requestTimeout,
    Hosting.PeerRoles? roles = null)
{
    /// <summary>The roles whose nodes serve columns: DA nodes from their custody, L1 nodes from their sidecars.</summary>
    private static readonly string[] ServingRoles = [DaNodeModule.Da, Modules.L1NodeModule.Validator, Modules.L1NodeModule.Full];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<PeerId, int> _silences = new();
    private long _bytesFetched;

    /// <summary>Column bytes received and verified so far (what this node's share of the network's traffic is).</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    /// <summary>Raised for every answer refused, with the peer that sent it.</summary>
    public event Action<PeerId, DaColumnException>? Refused;

    /// <summary>Raised when the columns at hand show the square badly encoded, with the proof (from those columns alone).</summary>
    public event Action<BadEncodingFraud>? BadEncodingFound;

    /// <summary>Raised after a reconstruction with the custody columns it re-seeded.</summary>
    public event Action<ulong, IReadOnlyList<int>>? Reseeded;

    public async Task<DaSyncOutcome> SyncAsync(ulong height, Hash256 blockHash, Hash256 dataRoot, CancellationToken cancellation)
    {
        var peers = Shuffled();
        var record = store.GetSquare(height);
        var held = new HashSet<int>();
        if (record is not null && record.Header.DataRoot != dataRoot)
        {
            // Headers come from the light client and are final, so this is a store from another chain: start over.
            logger.LogError("DA node: the roots stored for height {Height} hash to {Stored}, not the verified header's {Trusted}; refetching", height, record.Header.DataRoot, dataRoot);
            record = null;
        }
        if (record is null)
        {
            var header = await HeaderFromAnyAsync(peers, height, dataRoot, cancellation);
            if (header is null) return DaSyncOutcome.NoRoots;
            record = new DaSquareRecord(height, blockHash, header);
        }
        else
        {
            held.UnionWith(store.HeldColumns(height));
        }
        var width = record.Header.Width;
        var fetched = new List<(int Column, byte[] Shares)>();
        var missing = new List<int>();
        foreach (var column in custody.Columns(width))
        {
            if (held.Contains(column)) continue;
            if (await ColumnFromAnyAsync(peers, record.Header, height, column, cancellation) is { } shares) fetched.Add((column, shares));
            else missing.Add(column);
        }
        if (missing.Count == 0)
        {
            store.Put(record, fetched);
            CheckEncoding(record, HeldColumns(record.Height));
            return DaSyncOutcome.Complete;
        }
        var rebuilt = await ReconstructAsync(peers, record, held, fetched, missing, cancellation);
        // What arrived is kept either way: it is served, counts towards a later rebuild, and a re-seed can fill the rest.
        store.Put(record, rebuilt ?? fetched);
        if (rebuilt is null) return DaSyncOutcome.Incomplete;
        Reseed(height, dataRoot, rebuilt.Where(c => missing.Contains(c.Column)).ToList());
        return DaSyncOutcome.Reconstructed;
    }

    private async Task<DataAvailabilityHeader?> HeaderFromAnyAsync(IReadOnlyList<PeerId> peers, ulong height, Hash256 dataRoot, CancellationToken cancellation)
    {
        foreach (var peer in peers)
        {
            try
            {
                var (status, header) = await DaColumnChannel.FetchHeaderAsync(net, peer, height, dataRoot, requestTimeout, cancellation);
                _silences.TryRemove(peer, out _);
                if (status == DaShareStatus.Served) return header;
            }
            catch (DaColumnException e)
            {
                Refuse(peer, e);
            }
            catch (PeerRequestException)
            {
                Silent(peer);
            }
        }
        return null;
    }

    private async Task<byte[]?> ColumnFromAnyAsync(IReadOnlyList<PeerId> peers, DataAvailabilityHeader header, ulong height, int column, CancellationToken cancellation)
    {
        foreach (var peer in peers)
        {
            try
            {
                var (status, shares) = await DaColumnChannel.FetchColumnAsync(net, peer, height, header, column, requestTimeout, cancellation);
                _silences.TryRemove(peer, out _);
                if (status != DaShareStatus.Served) continue;
                Interlocked.Add(ref _bytesFetched, shares!.Length);
                return shares;
            }
            catch (DaColumnException e)
            {
                Refuse(peer, e);
            }
            catch (PeerRequestException)
            {
                Silent(peer);
            }
        }
        return null;
    }

    /// <summary>
    /// With fewer than every custody column: fetch further columns (any, verified) until half are at hand, rebuild
    /// the square and return every custody column; null when half cannot be reached or the square does not rebuild.
    /// </summary>
    private async Task<List<(int Column, byte[] Shares)>?> ReconstructAsync(IReadOnlyList<PeerId> peers, DaSquareRecord record, HashSet<int> held,
        List<(int Column, byte[] Shares)> fetched, List<int> missing, CancellationToken cancellation)
    {
        var header = record.Header;
        var k = header.OriginalWidth;
        var width = header.Width;
        var columns = new Dictionary<int, byte[]>();
        foreach (var column in held) columns[column] = store.GetColumn(record.Height, column)!;
        foreach (var (column, shares) in fetched) columns[column] = shares;
        for (var column = 0; column < width && columns.Count < k; column++)
        {
            if (columns.ContainsKey(column) || missing.Contains(column)) continue;
            if (await ColumnFromAnyAsync(peers, header, record.Height, column, cancellation) is { } shares) columns[column] = shares;
        }
        if (columns.Count < k)
        {
            logger.LogWarning("DA node: height {Height}: {Missing} custody columns unavailable and only {Held} of the {K} columns needed to rebuild them", record.Height, missing.Count, columns.Count, k);
            return null;
        }
        ExtendedSquare square;
        try
        {
            square = DaReconstruction.Rebuild(header, columns);
        }
        catch (BadEncodingException e)
        {
            // Every column verified against its root, yet the rows do not decode to them: the proposer encoded badly.
            logger.LogError("DA node: height {Height} is badly encoded ({Message}); its columns cannot be rebuilt", record.Height, e.Message);
            CheckEncoding(record, columns);
            return null;
        }
        var result = new List<(int Column, byte[] Shares)>(fetched);
        foreach (var column in missing) result.Add((column, square.ColumnShares(column)));
        return result;
    }

    /// <summary>
    /// The whole square of <paramref name="record"/> (for da_getNamespaceData, whose rows need every share): the columns
    /// held here, and further columns from peers (each verified against its root, kept in memory only: the store holds
    /// custody) until half are at hand, rebuilt and checked against every root. Null when half cannot be had.
    /// Throws <see cref="BadEncodingException"/> when verified columns do not decode to the committed square.
    /// </summary>
    public async Task<ExtendedSquare?> WholeSquareAsync(DaSquareRecord record, CancellationToken cancellation)
    {
        var header = record.Header;
        var columns = HeldColumns(record.Height);
        if (columns.Count < header.OriginalWidth)
        {
            var peers = Shuffled();
            for (var column = 0; column < header.Width && columns.Count < header.OriginalWidth; column++)
            {
                if (columns.ContainsKey(column)) continue;
                if (await ColumnFromAnyAsync(peers, header, record.Height, column, cancellation) is { } shares) columns[column] = shares;
            }
        }
        return columns.Count < header.OriginalWidth ? null : DaReconstruction.Rebuild(header, columns);
    }

    /// <summary>With at least half the columns at hand, every row must be the codeword its root names; a bad one is proven and raised.</summary>
    private void CheckEncoding(DaSquareRecord record, IReadOnlyDictionary<int, byte[]> columns)
    {
        if (DaEncodingCheck.FindBadRow(record, columns) is not { } proof) return;
        logger.LogError("DA node: block {Height} {Hash} commits to a badly encoded square (row {Row}); publishing the proof", record.Height, record.BlockHash, proof.Index);
        BadEncodingFound?.Invoke(new BadEncodingFraud(record.Header, proof));
    }

    private Dictionary<int, byte[]> HeldColumns(ulong height)
    {
        var columns = new Dictionary<int, byte[]>();
        foreach (var column in store.HeldColumns(height)) columns[column] = store.GetColumn(height, column)!;
        return columns;
    }

    private void Reseed(ulong height, Hash256 dataRoot, IReadOnlyList<(int Column, byte[] Shares)> columns)
    {
        foreach (var (column, shares) in columns) net.Broadcast(DaColumnChannel.PushChannel, Canonical.Encode(new DaColumnPush(height, dataRoot, column, shares)));
        logger.LogInformation("DA node: height {Height}: rebuilt and re-seeded custody columns {Columns}", height, string.Join(",", columns.Select(c => c.Column)));
        Reseeded?.Invoke(height, [.. columns.Select(c => c.Column)]);
    }

    private void Refuse(PeerId peer, DaColumnException e)
    {
        net.ReportMisbehavior(peer, e.Error == DaColumnError.Malformed ? Misbehavior.Malformed : Misbehavior.Invalid, e.Message);
        logger.LogWarning("DA node: refused {Error} from peer {Peer}: {Message}", e.Error, peer, e.Message);
        Refused?.Invoke(peer, e);
    }

    /// <summary>
    /// The peers in random order, which spreads the load and keeps a lying one from always being asked first. Peers
    /// that announced their roles (<see cref="Hosting.PeerRoles"/>) as none that serve columns (a light node, a rollup
    /// agent) are not asked; those that announced a serving role come before those that announced nothing; and those
    /// that left recent requests unanswered (one that is down) go last, so they do not cost a timeout on every column.
    /// </summary>
    private PeerId[] Shuffled()
    {
        var peers = net.Peers.Select(p => p.Id).Where(p => roles?.Runs(p, ServingRoles) != false).ToArray();
        entropy.Shuffle(peers.AsSpan());
        return [.. peers.OrderBy(p => roles?.Runs(p, ServingRoles) == true ? 0 : 1).ThenBy(p => _silences.TryGetValue(p, out var count) ? count : 0)];
    }

    private void Silent(PeerId peer) => _silences.AddOrUpdate(peer, 1, (_, count) => Math.Min(count + 1, 1_000));
}
