using System.Threading.Channels;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Node.Sidecars;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Keeps a DA node's custody columns: for every committed block that carries blobs it lays the blobs into the
/// square, extends it, checks the row and column roots against the header's data root, checks each custody column
/// against its column root, and stores only those columns (<see cref="DaStore"/>); then it prunes what fell out of
/// the retention window. It works off the consensus loop, on its own queue, and on start it catches up on every
/// height within the window that it does not hold yet (a restarted DA node re-syncs its columns).
/// </summary>
public sealed class DaColumnKeeper : BackgroundService
{
    private readonly Blockchain _chain;
    private readonly DaStore _store;
    private readonly DaCustody _custody;
    private readonly ulong _retention;
    private readonly ILogger<DaColumnKeeper> _logger;
    private readonly Channel<ulong> _committed = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true });

    private readonly BlobSidecarCache _sidecars;

    public DaColumnKeeper(Blockchain chain, DaStore store, DaCustody custody, BlobSidecarCache sidecars, ILogger<DaColumnKeeper> logger)
    {
        _sidecars = sidecars;
        _chain = chain;
        _store = store;
        _custody = custody;
        _logger = logger;
        _retention = (chain.Genesis.Blobs ?? throw new ConfigException("the da role needs a chain whose genesis turns blobs on (a \"blobs\" section)")).RetentionBlocks;
        chain.BlockCommitted += (block, _) => _committed.Writer.TryWrite(block.Height);
    }

    /// <summary>The highest height this keeper has processed (stored or found blob-free).</summary>
    public ulong ProcessedHeight { get; private set; }

    /// <summary>
    /// Asks peers for a committed block's sidecars (the node's <c>SidecarGossip.Request</c>): a block committed on its
    /// commit's word, before its sidecars reached this node, is asked for again at every later catch-up until they
    /// come or it leaves the window, rather than left without columns.
    /// </summary>
    public Action<Block>? RequestSidecars { get; set; }

    private readonly SortedSet<ulong> _missing = [];

    /// <summary>Raised after a height's columns are stored (for tests and metrics).</summary>
    public event Action<ulong, int>? ColumnsStored;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            CatchUp(_chain.Height);
            await foreach (var height in _committed.Reader.ReadAllAsync(stoppingToken))
            {
                if (height > ProcessedHeight) CatchUp(height);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Processes every height up to <paramref name="head"/> within the window that is not yet held, then prunes.</summary>
    public void CatchUp(ulong head)
    {
        RetryMissing(head);
        var from = Math.Max(Math.Max(ProcessedHeight + 1, WindowStart(head)), 1);
        for (var height = from; height <= head; height++)
        {
            if (_store.GetSquare(height) is null && _chain.Store.GetBlock(height) is { } block && !Keep(block))
            {
                _missing.Add(height);
                RequestSidecars?.Invoke(block);
            }
            ProcessedHeight = height;
        }
        var pruned = _store.PruneBelow(WindowStart(head));
        if (pruned > 0) _logger.LogDebug("Pruned {Count} squares below height {Height}", pruned, WindowStart(head));
    }

    /// <summary>Heights whose sidecars were missing: stored now if they came, asked for again otherwise, forgotten below the window.</summary>
    private void RetryMissing(ulong head)
    {
        if (_missing.Count == 0) return;
        var floor = WindowStart(head);
        foreach (var height in _missing.ToArray())
        {
            if (height < floor || _store.GetSquare(height) is not null || _chain.Store.GetBlock(height) is not { } block || Keep(block, quiet: true)) _missing.Remove(height);
            else RequestSidecars?.Invoke(block);
        }
    }

    /// <summary>The lowest height still inside the retention window at <paramref name="head"/>.</summary>
    public ulong WindowStart(ulong head) => head >= _retention ? head - _retention + 1 : 0;

    /// <summary>Stores the block's custody columns; false only when its sidecars are not held here (worth asking for again).</summary>
    private bool Keep(Block block, bool quiet = false)
    {
        if (block.Header.DataRoot == Lamina.Core.Hash256.Zero) return true;
        if (_sidecars.Hydrate(block) != 0)
        {
            // Committed on its commit's word (block sync, or decided before the sidecars came): asked of peers until they come.
            if (!quiet) _logger.LogWarning("Block {Height}: its blob sidecars are not held here yet; asking peers, no columns stored until they come", block.Height);
            return false;
        }
        var blobs = BlobModule.BlobsOf(block.Transactions);
        var square = ExtendedSquare.Extend(DataSquare.FromBlobs(blobs), GfIsaSupport.Best);
        var header = square.ComputeHeader();
        if (header.DataRoot != block.Header.DataRoot)
        {
            // The chain verified this root when it committed the block; a mismatch here is a bug, not a peer's fault.
            _logger.LogError("Block {Height}: the square's data root {Computed} is not the header's {Header}; not storing it", block.Height, header.DataRoot, block.Header.DataRoot);
            return true;
        }
        var columns = new List<(int, byte[])>();
        foreach (var column in _custody.Columns(square.Width))
        {
            var shares = square.ColumnShares(column);
            if (ColumnShareProof.ColumnTree(square.OriginalWidth, column, shares).Root != header.ColumnRoots[column])
            {
                _logger.LogError("Block {Height}: column {Column} does not match its column root; not storing it", block.Height, column);
                return true;
            }
            columns.Add((column, shares));
        }
        _store.Put(new DaSquareRecord(block.Height, block.Hash, header), columns);
        ColumnsStored?.Invoke(block.Height, columns.Count);
        return true;
    }
}
