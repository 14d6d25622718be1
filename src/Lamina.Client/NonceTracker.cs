using Lamina.Core;

namespace Lamina.Client;

/// <summary>
/// The next nonce per sending key, for everything one process sends: the node's pending nonce counts only what has
/// reached its mempool, so two sends from one key that overlap would both read the same pending nonce. The tracker
/// hands out max(node's pending nonce, one past the last nonce it handed out), so in-process senders never collide.
/// Thread-safe.
/// </summary>
public sealed class NonceTracker
{
    private readonly Dictionary<Address, ulong> _next = [];
    private readonly Lock _gate = new();

    /// <summary>Reserves the nonce for the next transaction from <paramref name="sender"/>.</summary>
    public ulong Reserve(Address sender, ulong nodePendingNonce)
    {
        lock (_gate)
        {
            var nonce = Math.Max(nodePendingNonce, _next.GetValueOrDefault(sender));
            _next[sender] = checked(nonce + 1);
            return nonce;
        }
    }

    /// <summary>
    /// The node refused a nonce as out of line with its state (a gap: something this process sent was dropped); the
    /// node's pending nonce is the truth again.
    /// </summary>
    public void Reset(Address sender)
    {
        lock (_gate) _next.Remove(sender);
    }
}
