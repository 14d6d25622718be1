using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// Admission with group commit. An operation is checked and applied to the pending state under the core's lock and
/// staged with its sequence number; its caller then waits until the journal holds it. Whoever finds its operation
/// not yet on disk takes the flush lock, writes every staged operation with ONE synced write, and answers for all of
/// them; the callers that arrived during that fsync are staged meanwhile and go out together in the next one. So a
/// lone transaction waits for one fsync, and under load one fsync carries every transaction that arrived while the
/// previous one ran (as the optimistic sequencer's pipelined journal does), while every answer still follows its
/// operation's synced write. Flushes write staged operations in sequence order, so the journal never has a gap.
/// </summary>
public sealed partial class ZkOperatorCore
{
    private readonly Lock _flushGate = new(); // taken before _gate, never while holding it
    private readonly List<PendingOp> _staged = [];
    private ulong _durable; // every sequence below this is in the journal

    /// <summary>Synced journal writes made by admission and priority operations (tests compare it with the operations written).</summary>
    public long JournalWrites { get { lock (_gate) return _journalWrites; } }

    private long _journalWrites;

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
    /// Safe to call from many threads at once: concurrent callers share synced writes.
    /// </summary>
    public ZkAdmitted Admit(ZkTransaction tx)
    {
        if (tx.IsPriority) throw new ZkTransactionRejectedException(ZkRejection.PriorityKind, null, $"a {tx.Kind} is queued on L1, not sent to the operator");
        PendingOp op;
        lock (_gate)
        {
            ThrowIfBroken();
            if (_frozen) throw new ZkTransactionRejectedException(ZkRejection.Frozen, null, "the rollup is frozen in exodus mode on L1");
            if (_halt is not null) throw new ZkTransactionRejectedException(ZkRejection.Halted, null, $"the operator halted: {_halt}");
            if (_unbatched.Count + _staged.Count >= _options.MaxPendingOps)
                throw new ZkTransactionRejectedException(ZkRejection.Full, null, $"{_unbatched.Count + _staged.Count} operations are already waiting for a batch");
            try
            {
                _executor.Apply(_pending, tx); // checks every rule before it touches the state
            }
            catch (InvalidZkTransactionException e)
            {
                throw new ZkTransactionRejectedException(ZkRejection.Rule, e.Error, e.Message, e);
            }
            op = new PendingOp(_nextSequence, tx, HashOf(tx), _time.GetUtcNow());
            Stage([op]);
        }
        WaitDurable(op.Sequence);
        return new ZkAdmitted(op.Hash, op.Sequence);
    }

    /// <summary>Appends L1 priority operations that continue the log's serials (earlier ones are ignored); returns how many were added, once journaled.</summary>
    public int AddPriorityOps(IReadOnlyList<ZkTransaction> ops)
    {
        var added = new List<PendingOp>();
        lock (_gate)
        {
            ThrowIfBroken();
            foreach (ZkTransaction tx in ops)
            {
                ulong serial = tx switch { DepositOp d => d.Serial, ForcedExitOp f => f.Serial, _ => throw new ArgumentException($"a {tx.Kind} is not a priority operation", nameof(ops)) };
                if (serial < _nextPrioritySerial + (ulong)added.Count) continue;
                if (serial != _nextPrioritySerial + (ulong)added.Count) break;
                // L1 refuses deposits the executor could not consume at all, so this holds for every queued operation.
                _executor.Apply(_pending, tx);
                added.Add(new PendingOp(_nextSequence + (ulong)added.Count, tx, HashOf(tx), _time.GetUtcNow()));
            }
            if (added.Count == 0) return 0;
            Stage(added);
            _nextPrioritySerial += (ulong)added.Count;
        }
        WaitDurable(added[^1].Sequence);
        return added.Count;
    }

    /// <summary>Under <c>_gate</c>: the operations (already applied to the pending state) take the next sequence numbers and wait for a flush.</summary>
    private void Stage(List<PendingOp> ops)
    {
        _staged.AddRange(ops);
        _nextSequence += (ulong)ops.Count;
    }

    /// <summary>Returns once <paramref name="sequence"/> is in the journal, flushing every staged operation with one synced write if no one else has.</summary>
    private void WaitDurable(ulong sequence)
    {
        lock (_flushGate)
        {
            List<PendingOp> group;
            lock (_gate)
            {
                if (_durable > sequence) return; // a flush that ran while this caller waited carried it
                ThrowIfBroken();
                group = [.. _staged];
                _staged.Clear();
            }
            try
            {
                var entries = new List<(ulong, ZkTransaction)>(group.Count);
                foreach (PendingOp op in group) entries.Add((op.Sequence, op.Tx));
                _journal.Append(entries);
            }
            catch (Exception e)
            {
                // The pending state already holds these operations: fail stop rather than answer from a state the disk lacks.
                lock (_gate) _broken = e;
                throw;
            }
            lock (_gate)
            {
                _unbatched.AddRange(group);
                _durable = group[^1].Sequence + 1;
                _journalWrites++;
            }
        }
    }
}
