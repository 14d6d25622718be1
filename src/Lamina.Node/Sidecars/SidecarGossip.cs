using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Network;
using Lamina.Node.Consensus;

namespace Lamina.Node.Sidecars;

/// <summary>
/// The blob sidecar job. A proposer pushes its block's <see cref="BlobSidecars"/> beside the proposal (channel
/// <see cref="PushChannel"/>); a node missing a proposal's sidecars asks its peers (request channel
/// <see cref="RequestChannel"/>, <see cref="SidecarRequest"/>). Sidecars for a block known here are checked against
/// its commitments before anything is kept: a mismatch is refused with its <see cref="SidecarError"/> and scored as
/// the peer's misbehaviour. Everything runs on the <see cref="INodeLoop"/>.
/// </summary>
public sealed class SidecarGossip
{
    public const byte PushChannel = ChannelIds.BlobSidecars;
    public const byte RequestChannel = ChannelIds.BlobSidecarRequests;
    /// <summary>A block's blobs are at most 786,432 bytes at the default limit; a few headers on top.</summary>
    public const int MaxPayload = 1 * 1024 * 1024;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly INodeLoop _loop;
    private readonly BlobSidecarCache _cache;
    private readonly ILogger _logger;

    public SidecarGossip(Blockchain chain, IPeerNetwork net, INodeLoop loop, BlobSidecarCache cache, ILogger logger)
    {
        _chain = chain;
        _net = net;
        _loop = loop;
        _cache = cache;
        _logger = logger;
        net.RegisterHandler(PushChannel, (from, payload) =>
        {
            var copy = payload.ToArray();
            loop.Post(() => OnSidecars(from, copy));
            return ValueTask.CompletedTask;
        });
        net.RegisterRequestHandler(RequestChannel, Serve);
    }

    public BlobSidecarCache Cache => _cache;

    // Proposals of the current height, by hash: read by Serve on the network's threads, so concurrent.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Hash256, Block> _pending = new();

    /// <summary>A proposed block this node holds (its own or a peer's), whose sidecars it checks and serves.</summary>
    public void Track(Block block) => _pending[block.Hash] = block;

    /// <summary>The height is over: forget its proposals (committed blocks are served from the store).</summary>
    public void ForgetPending() => _pending.Clear();

    /// <summary>New sidecars were kept: proposals waiting for data can be looked at again (set by the jobs).</summary>
    public Action? Arrived { get; set; }

    /// <summary>A peer's sidecars were refused (for tests and metrics).</summary>
    public event Action<PeerId, SidecarError>? Refused;

    /// <summary>Fault injection (tests and simulation only).</summary>
    public SidecarFault Fault { get; set; }

    /// <summary>The push message that carries <paramref name="block"/>'s sidecars, or null when it has no blobs (or withholds them all).</summary>
    public byte[]? EncodeForPublish(Block block)
    {
        if (BlobSidecars.BlobCount(block) == 0 || Fault == SidecarFault.WithholdAll) return null;
        if (BlobSidecars.Of(block) is not { } sidecars) return null;
        if (Fault == SidecarFault.WithholdPart) sidecars = sidecars with { Blobs = sidecars.Blobs.Take(sidecars.Blobs.Count - 1).ToArray() };
        return Canonical.Encode(sidecars);
    }

    /// <summary>Asks every peer for <paramref name="block"/>'s sidecars; answers are handled on the loop.</summary>
    public void Request(Block block)
    {
        var request = Canonical.Encode(new SidecarRequest(block.Height, block.Hash));
        foreach (var peer in _net.Peers)
        {
            var id = peer.Id;
            _net.RequestAsync(id, RequestChannel, request, RequestTimeout).ContinueWith(reply =>
            {
                if (reply.IsCompletedSuccessfully)
                {
                    var bytes = reply.Result.ToArray();
                    _loop.Post(() => OnSidecars(id, bytes));
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Checks sidecars against the block when it is known here, keeps them, and says so. Call on the loop.</summary>
    public void OnSidecars(PeerId from, ReadOnlyMemory<byte> payload)
    {
        BlobSidecars sidecars;
        try
        {
            sidecars = Canonical.Decode<BlobSidecars>(payload.Span);
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
            return;
        }
        if (sidecars.Blobs.Count == 0) return; // "not held"
        if (FindBlock(sidecars.Height, sidecars.BlockHash) is { } block)
        {
            try
            {
                sidecars.AttachTo(block);
            }
            catch (InvalidSidecarException e)
            {
                _logger.LogWarning("Refused blob sidecars for block {Height} from {Peer}: {Reason}", sidecars.Height, from, e.Message);
                _net.ReportMisbehavior(from, Misbehavior.Invalid, $"blob sidecars: {e.Message}");
                Refused?.Invoke(from, e.Error);
                return;
            }
        }
        _cache.Remember(sidecars);
        Arrived?.Invoke();
    }

    private ValueTask<byte[]> Serve(PeerId from, ReadOnlyMemory<byte> payload, CancellationToken cancellation)
    {
        var request = Canonical.Decode<SidecarRequest>(payload.Span);
        var answer = BlobSidecars.NotHeld(request.Height, request.BlockHash);
        if (Fault == SidecarFault.None && FindBlock(request.Height, request.BlockHash) is { } block)
        {
            _cache.Hydrate(block);
            if (BlobSidecars.Of(block) is { Blobs.Count: > 0 } held) answer = held;
        }
        return ValueTask.FromResult(Canonical.Encode(answer));
    }

    private Block? FindBlock(ulong height, Hash256 hash)
    {
        if (_pending.TryGetValue(hash, out var pending)) return pending;
        return height <= _chain.Height && _chain.Store.GetBlock(height) is { } committed && committed.Hash == hash ? committed : null;
    }
}
