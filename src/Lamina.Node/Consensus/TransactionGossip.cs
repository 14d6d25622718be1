using System.Threading.Channels;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Transactions;
using Lamina.Network;

namespace Lamina.Node.Consensus;

/// <summary>
/// The transaction job: every transaction the mempool admits is broadcast (channel
/// <see cref="ChannelIds.Transactions"/>), and gossiped ones are admitted off the consensus loop, by their own
/// worker: each peer's messages arrive in order, and a flood of transactions checked inline would queue that peer's
/// votes behind them and stall consensus.
/// </summary>
public sealed class TransactionGossip
{
    public const int InboxCapacity = 20_000;
    private readonly Blockchain _chain;
    private readonly IPeerNetwork _net;
    private readonly Channel<(PeerId From, byte[] Payload)> _inbox =
        Channel.CreateBounded<(PeerId, byte[])>(new BoundedChannelOptions(InboxCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;

    public TransactionGossip(Blockchain chain, IPeerNetwork net)
    {
        _chain = chain;
        _net = net;
        net.RegisterHandler(ChannelIds.Transactions, (from, payload) =>
        {
            if (!_inbox.Writer.TryWrite((from, payload.ToArray()))) Interlocked.Increment(ref _dropped);
            return ValueTask.CompletedTask;
        });
        // The network form: a blob travels with its bytes between mempools, so any proposer can include it.
        chain.TransactionAdmitted += tx =>
        {
            if (KeepBlobsPrivate && tx.Payload.CarriedBlob is not null) return;
            _net.Broadcast(ChannelIds.Transactions, tx.NetworkEncoded);
        };
    }

    /// <summary>
    /// Fault injection for tests only (a withholding proposer, <c>faultWithholdSidecars</c>): blobs admitted here are not
    /// gossiped, so only this node holds their bytes.
    /// </summary>
    public bool KeepBlobsPrivate { get; set; }

    /// <summary>Gossiped transactions dropped because the admission queue was full (best-effort, like any gossip).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The admission worker of a real node.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var (from, payload) in _inbox.Reader.ReadAllAsync(cancellation)) Admit(from, payload);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Admits everything queued now, on the caller's thread: a simulation's deterministic stand-in for the worker.</summary>
    public void AdmitQueued()
    {
        while (_inbox.Reader.TryRead(out var item)) Admit(item.From, item.Payload);
    }

    private void Admit(PeerId from, ReadOnlyMemory<byte> payload)
    {
        try
        {
            _chain.SubmitTransaction(TransactionNetworkForm.Decode(payload.Span));
        }
        catch (CodecException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Malformed, e.Message);
        }
        catch (InvalidSidecarException e)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, $"blob sidecar: {e.Message}");
        }
        catch (TransactionRejectedException e) when (e.Reason == TxRejectReason.BadSignature)
        {
            _net.ReportMisbehavior(from, Misbehavior.Invalid, e.Message);
        }
        catch (TransactionRejectedException)
        {
            // Known, stale or unaffordable here: normal in gossip, not misbehaviour.
        }
    }
}
