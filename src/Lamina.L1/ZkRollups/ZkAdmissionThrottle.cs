using System.Collections.Concurrent;
using Lamina.Core;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Bounds the verification work a sender can make this node do at mempool admission, node-local and never hashed.
/// A sender whose batch failed verification here has it admitted (it is charged when a block includes it, as the
/// issue asks of a bad proof), but until that transaction executes in a block, or <see cref="Cooldown"/> passes
/// (it may never be included: a competing batch took its number), the node verifies no other batch of theirs:
/// they are refused with <see cref="ZkRollupError.FailingBatchPending"/> before any verification runs. So every
/// verification a sender causes is, short of a race with the honest operator, paid for by an included failed batch.
/// </summary>
public sealed class ZkAdmissionThrottle(TimeProvider time)
{
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Address, (Hash256 TxHash, DateTimeOffset Since)> _failing = new();

    /// <summary>Refuses <paramref name="sender"/>'s batch <paramref name="txHash"/> if another of theirs failed here and is still pending.</summary>
    public void Check(Address sender, Hash256 txHash)
    {
        if (!_failing.TryGetValue(sender, out var failing) || failing.TxHash == txHash) return;
        if (time.GetUtcNow() - failing.Since >= Cooldown)
        {
            _failing.TryRemove(KeyValuePair.Create(sender, failing));
            return;
        }
        throw new ZkRollupRejectedException(ZkRollupError.FailingBatchPending,
            $"{sender}'s batch {failing.TxHash} failed verification here and is not included yet; no other batch of theirs is verified until it is, or for {Cooldown.TotalSeconds:0} s");
    }

    /// <summary>Notes that <paramref name="sender"/>'s batch <paramref name="txHash"/> failed verification at admission.</summary>
    public void Failed(Address sender, Hash256 txHash) => _failing[sender] = (txHash, time.GetUtcNow());

    /// <summary>A block executed <paramref name="txHash"/>: its sender may be verified again.</summary>
    public void Executed(Address sender, Hash256 txHash)
    {
        if (_failing.TryGetValue(sender, out var failing) && failing.TxHash == txHash) _failing.TryRemove(KeyValuePair.Create(sender, failing));
    }

    /// <summary>Senders currently throttled (diagnostics and tests).</summary>
    public int Count => _failing.Count;
}
