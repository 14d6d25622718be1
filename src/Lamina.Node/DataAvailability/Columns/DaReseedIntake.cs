using Lamina.Core.Codec;
using Lamina.Network;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// The receiving side of re-seeding (push channel <see cref="DaColumnChannel.PushChannel"/>): a column another DA node
/// rebuilt is stored here only if this node custodies it, does not hold it yet, keeps the roots of that square (with
/// the same data root), and the shares make the column root. Bytes that do not decode, or a column that fails its
/// root, score the sender; a column this node has no use for is dropped unscored (the sender cannot know who lacks what).
/// </summary>
public sealed class DaReseedIntake(IPeerNetwork net, DaStore store, DaCustody custody, ILogger logger)
{
    /// <summary>Raised when a pushed column is stored: height and column.</summary>
    public event Action<ulong, int>? Stored;

    public void Register() => net.RegisterHandler(DaColumnChannel.PushChannel, (peer, payload) =>
    {
        Accept(peer, payload.Span);
        return ValueTask.CompletedTask;
    });

    public void Accept(PeerId peer, ReadOnlySpan<byte> payload)
    {
        DaColumnPush push;
        try
        {
            push = Canonical.Decode<DaColumnPush>(payload);
        }
        catch (CodecException e)
        {
            net.ReportMisbehavior(peer, Misbehavior.Malformed, $"DA column push: {e.Message}");
            return;
        }
        if (store.GetSquare(push.Height) is not { } record || record.Header.DataRoot != push.DataRoot) return;
        if (Array.BinarySearch(custody.Columns(record.Header.Width), push.Column) < 0 || store.GetColumn(push.Height, push.Column) is not null) return;
        try
        {
            DaColumnChannel.Verify(record.Header, push.DataRoot, push.Column, push.Shares);
        }
        catch (DaColumnException e)
        {
            net.ReportMisbehavior(peer, Misbehavior.Invalid, e.Message);
            logger.LogWarning("DA node: refused a re-seeded column from {Peer}: {Error}: {Message}", peer, e.Error, e.Message);
            return;
        }
        store.Put(record, [(push.Column, push.Shares)]);
        Stored?.Invoke(push.Height, push.Column);
    }
}
