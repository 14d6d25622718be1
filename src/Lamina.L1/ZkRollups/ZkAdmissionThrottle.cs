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
/// <para>
/// That bounds one account; a sender with many funded accounts could still have one batch per account verified
/// before the first is charged (one failed batch per block is included). So the node also keeps a **node-wide
/// budget** of unpaid verifications: each verification at admission holds a slot until its transaction executes in
/// a block (it is then charged, failed or not) or <see cref="Cooldown"/> passes, and with <paramref name="maxUnpaid"/>
/// slots held a batch is refused with <see cref="ZkRollupError.VerificationBudgetExhausted"/> before any verification.
/// Senders whose batch this node saw accepted on L1 (the operators that prove honestly) are verified outside the
/// budget, so filling it with bad proofs from fresh accounts does not keep the honest operator's batches out; a new
/// operator's first batch waits, at worst, until the failed batches holding the slots are charged (one per block)
/// or expire. At most <paramref name="maxUnpaid"/> verifications per <see cref="Cooldown"/> are ever free, however
/// many accounts send them.
/// </para>
/// </summary>
public sealed class ZkAdmissionThrottle(TimeProvider time, int maxUnpaid = ZkAdmissionThrottle.DefaultMaxUnpaid)
{
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    /// <summary>Unpaid verifications the node runs at once at most: several blocks' worth of failed batches (one is included per block).</summary>
    public const int DefaultMaxUnpaid = 8;

    /// <summary>How many senders with an accepted batch are remembered (outside the budget); past that the oldest are forgotten.</summary>
    public const int TrustedSendersKept = 256;

    private readonly ConcurrentDictionary<Address, (Hash256 TxHash, DateTimeOffset Since)> _failing = new();
    private readonly ConcurrentDictionary<Hash256, DateTimeOffset> _unpaid = new();
    private readonly ConcurrentDictionary<Address, DateTimeOffset> _accepted = new();

    /// <summary>
    /// Refuses <paramref name="sender"/>'s batch <paramref name="txHash"/> if another of theirs failed here and is still
    /// pending, or if the node-wide budget of unpaid verifications is spent; otherwise the verification about to run
    /// takes a slot of the budget (unless the sender is exempt).
    /// </summary>
    public void Check(Address sender, Hash256 txHash)
    {
        if (_failing.TryGetValue(sender, out var failing) && failing.TxHash != txHash)
        {
            if (time.GetUtcNow() - failing.Since < Cooldown)
            {
                throw new ZkRollupRejectedException(ZkRollupError.FailingBatchPending,
                    $"{sender}'s batch {failing.TxHash} failed verification here and is not included yet; no other batch of theirs is verified until it is, or for {Cooldown.TotalSeconds:0} s");
            }
            _failing.TryRemove(KeyValuePair.Create(sender, failing));
        }
        if (_accepted.ContainsKey(sender) || _unpaid.ContainsKey(txHash)) return;
        var now = time.GetUtcNow();
        foreach (var (hash, since) in _unpaid)
        {
            if (now - since >= Cooldown) _unpaid.TryRemove(KeyValuePair.Create(hash, since));
        }
        // Take the slot first, then look: concurrent admissions may refuse one too many, never verify one too many.
        _unpaid.TryAdd(txHash, now);
        if (_unpaid.Count > maxUnpaid)
        {
            _unpaid.TryRemove(txHash, out _);
            throw new ZkRollupRejectedException(ZkRollupError.VerificationBudgetExhausted,
                $"this node is already holding {maxUnpaid} batch verifications that no block has charged yet; batch {txHash} is not verified until one is, or for {Cooldown.TotalSeconds:0} s");
        }
    }

    /// <summary>Notes that <paramref name="sender"/>'s batch <paramref name="txHash"/> failed verification at admission; an exempt sender loses the exemption.</summary>
    public void Failed(Address sender, Hash256 txHash)
    {
        _failing[sender] = (txHash, time.GetUtcNow());
        _accepted.TryRemove(sender, out _);
    }

    /// <summary>
    /// A block executed <paramref name="txHash"/> (it is charged): its slot of the budget is free and its sender may be
    /// verified again; a sender whose batch was <paramref name="accepted"/> is verified outside the budget from now on.
    /// </summary>
    public void Executed(Address sender, Hash256 txHash, bool accepted)
    {
        _unpaid.TryRemove(txHash, out _);
        if (_failing.TryGetValue(sender, out var failing) && failing.TxHash == txHash) _failing.TryRemove(KeyValuePair.Create(sender, failing));
        if (!accepted) return;
        if (_accepted.Count >= TrustedSendersKept)
        {
            var oldest = _accepted.MinBy(e => e.Value);
            _accepted.TryRemove(oldest);
        }
        _accepted[sender] = time.GetUtcNow();
    }

    /// <summary>Verifications holding a slot of the node-wide budget (diagnostics and tests).</summary>
    public int Unpaid => _unpaid.Count;

    /// <summary>Senders currently throttled (diagnostics and tests).</summary>
    public int Count => _failing.Count;
}
