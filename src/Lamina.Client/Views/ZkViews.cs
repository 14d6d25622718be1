using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// zk_sendTransaction: the transaction's id once the operator journaled it, its sequence number in the operation log
/// (it is proven once a verified batch's range reaches past it), and the pending state root after it.
/// </summary>
public sealed record ZkSendView(Hash256 Hash, string Status, ulong Sequence, string PendingRoot)
{
    public static ZkSendView Read(ViewReader r) => new(r.Hash("hash"), r.String("status"), r.ULong("sequence"), r.String("pendingRoot"));
}

/// <summary>zk_getAccount: the account at an index in the operator's pending state (publicKey null when the slot is empty).</summary>
public sealed record ZkAccountView(uint Index, bool Exists, string? PublicKey, ulong Balance, uint Nonce, string PendingRoot)
{
    public static ZkAccountView Read(ViewReader r) => new(checked((uint)r.ULong("index")), r.Bool("exists"), r.OptionalString("publicKey"), r.ULong("balance"),
        checked((uint)r.ULong("nonce")), r.String("pendingRoot"));
}

/// <summary>The operator's pending head: every accepted operation applied.</summary>
public sealed record ZkPendingHeadView(string StateRoot, string AccountRoot, ulong Operations, ulong Unbatched, ulong Batches, ulong PriorityOpsProcessed, ulong Accounts)
{
    public static ZkPendingHeadView Read(ViewReader r) => new(r.String("stateRoot"), r.String("accountRoot"), r.ULong("operations"), r.ULong("unbatched"),
        r.ULong("batches"), r.ULong("priorityOpsProcessed"), r.ULong("accounts"));
}

/// <summary>The rollup as L1 holds it: proven batches and root, the priority queue, exodus.</summary>
public sealed record ZkProvenHeadView(ulong Batches, string StateRoot, string AccountRoot, ulong PriorityOpsQueued, ulong PriorityOpsProcessed,
    ulong PriorityOpsWaiting, bool Frozen, ulong L1Height)
{
    public static ZkProvenHeadView Read(ViewReader r) => new(r.ULong("batches"), r.String("stateRoot"), r.String("accountRoot"), r.ULong("priorityOpsQueued"),
        r.ULong("priorityOpsProcessed"), r.ULong("priorityOpsWaiting"), r.Bool("frozen"), r.ULong("l1Height"));
}

/// <summary>
/// zk_head: the pending head, the proven head (null before the operator first read L1), the operator's last error and,
/// when L1 rejected one of its batches for good, why it halted (null while it runs).
/// </summary>
public sealed record ZkOperatorHeadView(uint RollupId, ZkPendingHeadView Pending, ZkProvenHeadView? Proven, string? LastError, string? Halted = null)
{
    public static ZkOperatorHeadView Read(ViewReader r) => new(checked((uint)r.ULong("rollupId")), ZkPendingHeadView.Read(r.Object("pending")),
        r.OptionalObject("proven") is { } proven ? ZkProvenHeadView.Read(proven) : null, r.OptionalString("lastError"), r.OptionalString("halted"));
}

/// <summary>
/// zk_getBatch: phase is proving, proven, submitted, verified or rejected; times in ms (prove) and µs (L1 verify); the
/// gas L1 charged. L1 verify time (the L1 node's own measurement, not consensus state) and gas are null when the L1
/// source does not report them.
/// </summary>
public sealed record ZkOperatorBatchView(ulong Number, string Phase, ulong FirstSequence, ulong OpCount, ulong PriorityOps, ulong PubdataBytes, ulong ProofBytes,
    ulong ProveMs, string? NewAccountRoot, ulong Submissions, string? LastRejection, ulong? L1Height, ulong? L1VerifyMicroseconds, ulong? L1Gas = null)
{
    public static ZkOperatorBatchView Read(ViewReader r) => new(r.ULong("number"), r.String("phase"), r.ULong("firstSequence"), r.ULong("opCount"), r.ULong("priorityOps"),
        r.ULong("pubdataBytes"), r.ULong("proofBytes"), r.ULong("proveMs"), r.OptionalString("newAccountRoot"), r.ULong("submissions"),
        r.OptionalString("lastRejection"), r.OptionalULong("l1Height"), r.OptionalULong("l1VerifyUs"), r.OptionalULong("l1Gas"));
}

/// <summary>One operation accepted but not in a batch yet.</summary>
public sealed record ZkPendingOpView(ulong Sequence, Hash256 Hash, string Kind, byte[] Transaction)
{
    public static ZkPendingOpView Read(ViewReader r) => new(r.ULong("sequence"), r.Hash("hash"), r.String("kind"), r.Bytes("tx"));
}

/// <summary>zk_pending: how many operations wait for a batch, and the oldest of them.</summary>
public sealed record ZkPendingView(ulong Count, IReadOnlyList<ZkPendingOpView> Operations)
{
    public static ZkPendingView Read(ViewReader r) => new(r.ULong("count"), r.Each("operations", item => ZkPendingOpView.Read(r.Element("operations", item))));
}
