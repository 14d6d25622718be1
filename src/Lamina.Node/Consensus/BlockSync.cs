using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Sidecars;

namespace Lamina.Node.Consensus;

/// <summary>
/// The block-sync job (request channel <see cref="ChannelIds.BlockSync"/>): serves committed blocks with their
/// commits, and asks peers for the blocks above the head, importing them by verifying their commits, so a lagging
/// node catches up without re-running consensus for heights the network already finalized. Requests go out every
/// <see cref="Interval"/> and whenever a peer shows it is ahead; replies are imported on the node loop.
/// </summary>
public sealed class BlockSync
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private const uint BlocksPerRequest = 32;
    private const long MaxReplyBytes = 6 * 1024 * 1024; // under the channel's size cap
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly INodeLoop _loop;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _running;
    private long _lastRequestTicks;
    private CancellationToken _stopping;

    private readonly BlobSidecarCache? _sidecars;

    /// <summary>The committed block this node last refused, logged once however many peers offer it again.</summary>
    private Hash256? _refusedLogged;

    public BlockSync(Blockchain chain, IPeerNetwork net, INodeLoop loop, TimeProvider time, ILogger logger, BlobSidecarCache? sidecars = null)
    {
        _sidecars = sidecars;
        _chain = chain;
        _net = net;
        _loop = loop;
        _time = time;
        _logger = logger;
        net.RegisterRequestHandler(ChannelIds.BlockSync, Serve);
    }

    /// <summary>Blocks were imported, in order (raised on the loop).</summary>
    public Action<IReadOnlyList<(Block Block, Commit Commit)>>? Imported { get; set; }

    /// <summary>Runs on the loop every <see cref="Interval"/> until <paramref name="stopping"/>.</summary>
    public void Start(CancellationToken stopping)
    {
        _stopping = stopping;
        _loop.PostAfter(Interval, Tick);
    }

    private void Tick()
    {
        if (_stopping.IsCancellationRequested) return;
        Run();
        _loop.PostAfter(Interval, Tick);
    }

    /// <summary>Syncs now, unless it did less than 500 ms ago (<paramref name="force"/>: regardless). Call on the loop.</summary>
    public void RequestSoon(bool force)
    {
        var now = _time.GetTimestamp();
        if (!force && _time.GetElapsedTime(_lastRequestTicks, now) < TimeSpan.FromMilliseconds(500)) return;
        _lastRequestTicks = now;
        Run();
    }

    private ValueTask<byte[]> Serve(PeerId from, ReadOnlyMemory<byte> payload, CancellationToken cancellation)
    {
        var request = Canonical.Decode<SyncRequest>(payload.Span);
        var blocks = new List<(Block, Commit)>();
        var sidecars = new List<BlobSidecars?>();
        long bytes = 0;
        for (var h = request.FromHeight; h < request.FromHeight + request.Count && h <= _chain.Height; h++)
        {
            if (h == 0) continue;
            var block = _chain.Store.GetBlock(h);
            var commit = _chain.Store.GetCommit(h);
            if (block is null || commit is null) break;
            var held = BlobSidecars.BlobCount(block) > 0 ? _sidecars?.GetCommitted(h) : null;
            bytes += block.Transactions.Count * 256L + 1024 + SizeOf(held);
            if (bytes > MaxReplyBytes && blocks.Count > 0) break;
            blocks.Add((block, commit));
            sidecars.Add(held);
        }
        return ValueTask.FromResult(Canonical.Encode(new SyncResponse(_chain.Height, blocks, sidecars)));
    }

    /// <summary>Asks the peers one after another until one has nothing above our head.</summary>
    private void Run()
    {
        if (_running) return;
        _running = true;
        Ask([.. _net.Peers], 0);
    }

    private void Ask(PeerInfo[] peers, int index)
    {
        if (index >= peers.Length || _stopping.IsCancellationRequested)
        {
            _running = false;
            return;
        }
        var peer = peers[index].Id;
        var request = Canonical.Encode(new SyncRequest(_chain.Height + 1, BlocksPerRequest));
        _net.RequestAsync(peer, ChannelIds.BlockSync, request, RequestTimeout, _stopping).ContinueWith(
            reply => _loop.Post(() => OnReply(peers, index, reply)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnReply(PeerInfo[] peers, int index, Task<ReadOnlyMemory<byte>> reply)
    {
        var peer = peers[index].Id;
        if (reply.IsCompletedSuccessfully && Decode(peer, reply.Result) is { Blocks.Count: > 0 } response)
        {
            Import(peer, response);
            if (response.PeerHeight <= _chain.Height)
            {
                _running = false;
                return;
            }
        }
        else if (reply.Exception is { } e && e.InnerException is not (PeerRequestException or OperationCanceledException))
        {
            _logger.LogWarning(e.InnerException, "Block sync request to {Peer} failed", peer);
        }
        Ask(peers, index + 1);
    }

    private SyncResponse? Decode(PeerId peer, ReadOnlyMemory<byte> reply)
    {
        try
        {
            return Canonical.Decode<SyncResponse>(reply.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(peer, Misbehavior.Malformed, e.Message);
            return null;
        }
    }

    private static long SizeOf(BlobSidecars? sidecars)
    {
        long size = 0;
        if (sidecars is not null) foreach (var blob in sidecars.Blobs) size += blob.Length + 4;
        return size;
    }

    /// <summary>
    /// Attaches the block's sidecars (sent with it, or already held). Within the retention window below the peer's head
    /// a block is imported only with all of them, so a synced node holds what it would have checked as a validator;
    /// below the window they may be pruned everywhere, and the commit's data root stands.
    /// </summary>
    private bool HasRequiredSidecars(PeerId from, SyncResponse response, int index, Block block)
    {
        if (BlobSidecars.BlobCount(block) == 0 || _sidecars is null) return true;
        if (response.SidecarsOf(index) is { } sent)
        {
            try
            {
                sent.AttachTo(block);
            }
            catch (InvalidSidecarException e)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"sync block {block.Height} sidecars: {e.Message}");
                return false;
            }
        }
        if (_sidecars.Hydrate(block) == 0) return true;
        var inWindow = checked(block.Height + _sidecars.Retention) > response.PeerHeight;
        if (inWindow) _logger.LogInformation("Sync block {Height} came without its blob sidecars; asking another peer", block.Height);
        return !inWindow;
    }

    private void Import(PeerId from, SyncResponse response)
    {
        var imported = new List<(Block, Commit)>();
        for (var i = 0; i < response.Blocks.Count; i++)
        {
            var (block, commit) = response.Blocks[i];
            if (block.Height <= _chain.Height) continue;
            if (block.Height != _chain.Height + 1) break;
            if (!HasRequiredSidecars(from, response, i, block)) break;
            try
            {
                _chain.ImportBlock(block, commit);
            }
            catch (InvalidBlockException e) when (e.CommittedBlockRefused)
            {
                // The validators committed it: the peer relayed the chain as it is, and every peer will offer the same.
                if (_refusedLogged != block.Hash)
                {
                    _refusedLogged = block.Hash;
                    _logger.LogError("Committed block {Height} {Hash} fails execution on this node ({Error}: {Message}). Its commit is valid, so this "
                        + "node's state or software disagrees with the validators'; sync stops here. Check the node's version and data directory.",
                        block.Height, block.Hash, e.Error, e.Message);
                }
                break;
            }
            catch (InvalidBlockException e)
            {
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"sync block {block.Height}: {e.Message}");
                break;
            }
            imported.Add((block, commit));
        }
        if (imported.Count == 0) return;
        _logger.LogInformation("Block sync imported {Count} blocks; head is {Height}", imported.Count, _chain.Height);
        Imported?.Invoke(imported);
    }
}
