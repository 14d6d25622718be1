using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// The operator's state, without I/O to L1: the operation log (accepted user transactions and L1 priority
/// operations, in the order they were applied), the pending state every accepted operation has reached, and the
/// batches cut from the log. Admission checks a transaction against the pending state with the batch executor's own
/// rules, journals it with a synced write, and only then answers; batches are consecutive slices of the log, so
/// executing them in order always succeeds. The constructor recovers everything from the journal after a crash.
/// Thread-safe: one lock orders admission, priority operations and batch cuts.
/// </summary>
public sealed class ZkOperatorCore
{
    private sealed record PendingOp(ulong Sequence, ZkTransaction Tx, Hash256 Hash, DateTimeOffset AcceptedAt);

    private sealed class BatchEntry(ZkStoredBatch stored, int priorityOps)
    {
        public ZkStoredBatch Stored { get; set; } = stored;
        public int PriorityOps { get; } = priorityOps;
        public ZkBatchPhase Phase { get; set; } = stored.Proven ? ZkBatchPhase.Proven : ZkBatchPhase.Proving;
        public int Submissions { get; set; }
        public DateTimeOffset LastSubmittedAt { get; set; }
        public string? LastRejection { get; set; }
        public ZkL1BatchRecord? L1 { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly ZkBatchExecutor _executor;
    private readonly ZkOperatorJournal _journal;
    private readonly ZkOperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly List<PendingOp> _unbatched = [];
    private readonly SortedDictionary<ulong, BatchEntry> _batches = [];
    private readonly List<ZkBatchPlan> _recoveredPlans = [];
    private ZkState _pending, _batched;
    private ulong _nextSequence, _nextPrioritySerial;
    private bool _frozen;
    private Exception? _broken;

    public ZkOperatorCore(ZkRollupDomain domain, ZkOperatorJournal journal, ZkOperatorOptions options, TimeProvider time)
    {
        options.Validate();
        _executor = new ZkBatchExecutor(domain);
        _journal = journal;
        _options = options;
        _time = time;
        (_batched, _pending) = Recover();
    }

    public ZkRollupDomain Domain => _executor.Domain;

    /// <summary>Batches that were cut but not proven before the last stop: the runner proves them first, with the same ranges.</summary>
    public IReadOnlyList<ZkBatchPlan> RecoveredPlans { get { lock (_gate) return [.. _recoveredPlans]; } }

    /// <summary>Serial of the next L1 priority operation the log does not hold yet.</summary>
    public ulong NextPrioritySerial { get { lock (_gate) return _nextPrioritySerial; } }

    public bool Frozen { get { lock (_gate) return _frozen; } }

    private (ZkState Batched, ZkState Pending) Recover()
    {
        var state = new ZkState();
        using var ops = _journal.Ops().GetEnumerator();
        ulong expected = 0;
        bool TakeNext(out ZkTransaction tx)
        {
            if (!ops.MoveNext())
            {
                tx = null!;
                return false;
            }
            if (ops.Current.Sequence != expected) throw new InvalidDataException($"the ZK journal's log skips from sequence {expected} to {ops.Current.Sequence}");
            expected++;
            tx = ops.Current.Tx;
            if (tx.IsPriority) _nextPrioritySerial++;
            return true;
        }
        foreach (ZkStoredBatch stored in _journal.Batches())
        {
            if (stored.Number != (ulong)_batches.Count || stored.FirstSequence != expected)
                throw new InvalidDataException($"the ZK journal's batch {stored.Number} is not batch {_batches.Count} starting at sequence {expected}");
            ZkState before = state.Clone();
            var txs = new List<ZkTransaction>(stored.OpCount);
            for (int i = 0; i < stored.OpCount; i++)
            {
                if (!TakeNext(out ZkTransaction tx)) throw new InvalidDataException($"the ZK journal's batch {stored.Number} needs operations the log does not hold");
                _executor.Apply(state, tx, i);
                txs.Add(tx);
            }
            _batches[stored.Number] = new BatchEntry(stored, CountPriority(txs));
            if (!stored.Proven) _recoveredPlans.Add(new ZkBatchPlan(stored.Number, stored.FirstSequence, before, txs));
        }
        ZkState batched = state.Clone();
        DateTimeOffset now = _time.GetUtcNow();
        while (TakeNext(out ZkTransaction tx))
        {
            _executor.Apply(state, tx, _unbatched.Count);
            _unbatched.Add(new PendingOp(expected - 1, tx, HashOf(tx), now));
        }
        _nextSequence = expected;
        return (batched, state);
    }

    private static int CountPriority(IReadOnlyList<ZkTransaction> txs)
    {
        int n = 0;
        foreach (ZkTransaction tx in txs) if (tx.IsPriority) n++;
        return n;
    }

    /// <summary>A ZK transaction's id: SHA-256 of its canonical encoding.</summary>
    public static Hash256 HashOf(ZkTransaction tx) => new(SHA256.HashData(tx.Encode()));

    /// <summary>Decodes and admits a transaction sent by a user; see <see cref="Admit(ZkTransaction)"/>.</summary>
    public ZkAdmitted Admit(ReadOnlySpan<byte> encoded)
    {
        ZkTransaction tx;
        try
        {
            tx = ZkTransaction.Decode(encoded);
        }
        catch (CodecException e)
        {
            throw new ZkTransactionRejectedException(ZkRejection.Malformed, null, $"not a ZK transaction: {e.Message}", e);
        }
        return Admit(tx);
    }

    /// <summary>
    /// Checks a user transaction against the pending state (key, signature, nonce, balance), applies it and journals
    /// it durably; returns its id and place in the log only then. A refusal is a <see cref="ZkTransactionRejectedException"/>.
    /// </summary>
    public ZkAdmitted Admit(ZkTransaction tx)
    {
        if (tx.IsPriority) throw new ZkTransactionRejectedException(ZkRejection.PriorityKind, null, $"a {tx.Kind} is queued on L1, not sent to the operator");
        lock (_gate)
        {
            ThrowIfBroken();
            if (_frozen) throw new ZkTransactionRejectedException(ZkRejection.Frozen, null, "the rollup is frozen in exodus mode on L1");
            if (_unbatched.Count >= _options.MaxPendingOps)
                throw new ZkTransactionRejectedException(ZkRejection.Full, null, $"{_unbatched.Count} operations are already waiting for a batch");
            try
            {
                _executor.Apply(_pending, tx); // checks every rule before it touches the state
            }
            catch (InvalidZkTransactionException e)
            {
                throw new ZkTransactionRejectedException(ZkRejection.Rule, e.Error, e.Message, e);
            }
            var op = new PendingOp(_nextSequence, tx, HashOf(tx), _time.GetUtcNow());
            Journal([op]);
            return new ZkAdmitted(op.Hash, op.Sequence);
        }
    }

    /// <summary>Appends L1 priority operations that continue the log's serials (earlier ones are ignored); returns how many were added.</summary>
    public int AddPriorityOps(IReadOnlyList<ZkTransaction> ops)
    {
        lock (_gate)
        {
            ThrowIfBroken();
            var added = new List<PendingOp>();
            foreach (ZkTransaction tx in ops)
            {
                ulong serial = tx switch { DepositOp d => d.Serial, ForcedExitOp f => f.Serial, _ => throw new ArgumentException($"a {tx.Kind} is not a priority operation", nameof(ops)) };
                if (serial < _nextPrioritySerial + (ulong)added.Count) continue;
                if (serial != _nextPrioritySerial + (ulong)added.Count) break;
                // L1 refuses deposits the executor could not consume at all, so this holds for every queued operation.
                _executor.Apply(_pending, tx);
                added.Add(new PendingOp(_nextSequence + (ulong)added.Count, tx, HashOf(tx), _time.GetUtcNow()));
            }
            if (added.Count > 0)
            {
                Journal(added);
                _nextPrioritySerial += (ulong)added.Count;
            }
            return added.Count;
        }
    }

    private void Journal(List<PendingOp> ops)
    {
        try
        {
            var entries = new List<(ulong, ZkTransaction)>(ops.Count);
            foreach (PendingOp op in ops) entries.Add((op.Sequence, op.Tx));
            _journal.Append(entries);
        }
        catch (Exception e)
        {
            // The pending state already holds these operations: fail stop rather than answer from a state the disk lacks.
            _broken = e;
            throw;
        }
        _unbatched.AddRange(ops);
        _nextSequence += (ulong)ops.Count;
    }

    private void ThrowIfBroken()
    {
        if (_broken is not null) throw new InvalidOperationException($"the operator's journal failed and it stopped taking operations: {_broken.Message}", _broken);
    }

    /// <summary>
    /// Cuts the next batch from the log when it is due (a full batch waits, or the oldest operation waited the batch
    /// interval) and journals its plan; null when nothing is due.
    /// </summary>
    public ZkBatchPlan? CutBatch()
    {
        lock (_gate)
        {
            ThrowIfBroken();
            if (_unbatched.Count == 0) return null;
            if (_unbatched.Count < _options.MaxBatchOps && _time.GetUtcNow() - _unbatched[0].AcceptedAt < _options.EffectiveBatchInterval) return null;
            int count = Math.Min(_unbatched.Count, _options.MaxBatchOps);
            var txs = new List<ZkTransaction>(count);
            for (int i = 0; i < count; i++) txs.Add(_unbatched[i].Tx);
            ulong number = (ulong)_batches.Count; // L1 numbers batches from 0
            ZkBatchResult result = _executor.ApplyBatch(_batched, txs);
            var plan = new ZkBatchPlan(number, _unbatched[0].Sequence, _batched, txs);
            var stored = new ZkStoredBatch(number, plan.FirstSequence, count, 0, null);
            _journal.SaveBatch(stored);
            _batches[number] = new BatchEntry(stored, CountPriority(txs));
            _batched = result.State;
            _unbatched.RemoveRange(0, count);
            return plan;
        }
    }

    /// <summary>Journals a proven batch's submission (before it may be sent anywhere).</summary>
    public void RecordProven(ZkBatchPlan plan, ZkBatchSubmission submission, uint proveMilliseconds)
    {
        if (submission.BatchNumber != plan.Number) throw new ArgumentException($"submission {submission.BatchNumber} is not for batch {plan.Number}", nameof(submission));
        lock (_gate)
        {
            BatchEntry entry = _batches[plan.Number];
            if (entry.Stored.Proven) return; // already journaled: the bytes sent for this number must not change
            var stored = entry.Stored with { ProveMilliseconds = proveMilliseconds, Submission = submission };
            _journal.SaveBatch(stored);
            entry.Stored = stored;
            entry.Phase = ZkBatchPhase.Proven;
            _recoveredPlans.RemoveAll(p => p.Number == plan.Number);
        }
    }

    /// <summary>The journaled submission of batch <paramref name="number"/>, if it is proven.</summary>
    public ZkBatchSubmission? Submission(ulong number)
    {
        lock (_gate) return _batches.TryGetValue(number, out BatchEntry? e) ? e.Stored.Submission : null;
    }

    /// <summary>Whether batch <paramref name="number"/> is proven and was not sent within <paramref name="resendAfter"/>.</summary>
    public bool DueForSubmission(ulong number, TimeSpan resendAfter)
    {
        lock (_gate)
        {
            return _batches.TryGetValue(number, out BatchEntry? e) && e.Stored.Proven && e.Phase != ZkBatchPhase.Verified
                && (e.Submissions == 0 || _time.GetUtcNow() - e.LastSubmittedAt >= resendAfter);
        }
    }

    public void MarkSubmitted(ulong number, string? rejection)
    {
        lock (_gate)
        {
            BatchEntry e = _batches[number];
            e.Submissions++;
            e.LastSubmittedAt = _time.GetUtcNow();
            e.LastRejection = rejection;
            if (e.Phase != ZkBatchPhase.Verified) e.Phase = rejection is null ? ZkBatchPhase.Submitted : ZkBatchPhase.Rejected;
        }
    }

    /// <summary>What L1 says: frozen or not, and the batches it verified (with their L1 records when read).</summary>
    public void ObserveL1(bool frozen, ZkL1BatchRecord? verified = null)
    {
        lock (_gate)
        {
            _frozen = frozen;
            if (verified is not null && _batches.TryGetValue(verified.Number, out BatchEntry? e))
            {
                e.Phase = ZkBatchPhase.Verified;
                e.L1 = verified;
                e.LastRejection = null;
            }
        }
    }

    /// <summary>How many batches, from batch 0 on, this operator saw L1 verify.</summary>
    public ulong VerifiedCount
    {
        get
        {
            lock (_gate)
            {
                ulong n = 0;
                foreach (var (_, e) in _batches)
                {
                    if (e.Phase != ZkBatchPhase.Verified) break;
                    n++;
                }
                return n;
            }
        }
    }

    /// <summary>How many batches were cut; they are numbered 0 to BatchCount − 1, as L1 numbers them.</summary>
    public ulong BatchCount { get { lock (_gate) return (ulong)_batches.Count; } }

    public ZkPendingHead PendingHead()
    {
        lock (_gate)
        {
            return new ZkPendingHead(_pending.Root, _pending.Accounts.Root, _nextSequence, _unbatched.Count, (ulong)_batches.Count, _pending.PriorityOpsProcessed,
                _pending.Accounts.Count);
        }
    }

    public AccountLeaf GetAccount(uint index)
    {
        lock (_gate) return _pending.Accounts.Get(index);
    }

    /// <summary>Operations accepted but not in a batch yet, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<ZkPendingOp> Pending(int max)
    {
        lock (_gate)
        {
            var list = new List<ZkPendingOp>(Math.Min(max, _unbatched.Count));
            for (int i = 0; i < _unbatched.Count && list.Count < max; i++)
                list.Add(new ZkPendingOp(_unbatched[i].Sequence, _unbatched[i].Hash, _unbatched[i].Tx, _unbatched[i].AcceptedAt));
            return list;
        }
    }

    public ZkBatchInfo? GetBatch(ulong number)
    {
        lock (_gate)
        {
            if (!_batches.TryGetValue(number, out BatchEntry? e)) return null;
            ZkBatchSubmission? s = e.Stored.Submission;
            return new ZkBatchInfo(number, e.Phase, e.Stored.FirstSequence, e.Stored.OpCount, e.PriorityOps, s?.Pubdata.Length ?? 0, s?.Proof.Length ?? 0,
                e.Stored.ProveMilliseconds, s is null ? null : Hex.Encode(s.NewAccountRoot.ToBytes()), e.Submissions, e.LastRejection, e.L1?.L1Height, e.L1?.VerifyMilliseconds);
        }
    }
}
