using Lamina.Core;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Mempool;

/// <summary>
/// Pending transactions: per sender in nonce order, across senders by tip. Admission runs the same rules as block
/// execution against the head state plus the sender's earlier pending transactions, so what is admitted can be
/// included. Every refusal is a <see cref="TransactionRejectedException"/> with a reason.
/// </summary>
public sealed class TransactionPool
{
    private readonly object _gate = new();
    private readonly string _chainId;
    private readonly ChainParameters _parameters;
    private readonly MempoolOptions _options;
    private readonly Dictionary<Address, SortedList<ulong, Entry>> _bySender = new();
    private readonly Dictionary<Hash256, Entry> _byHash = new();
    private long _bytes;
    private long _sequence;

    private sealed record Entry(Transaction Tx, long Sequence);

    public TransactionPool(string chainId, ChainParameters parameters, MempoolOptions? options = null)
    {
        _chainId = chainId;
        _parameters = parameters;
        _options = options ?? new MempoolOptions();
    }

    public int Count
    {
        get { lock (_gate) return _byHash.Count; }
    }

    public long Bytes
    {
        get { lock (_gate) return Interlocked.Read(ref _bytes); }
    }

    public bool Contains(Hash256 hash)
    {
        lock (_gate) return _byHash.ContainsKey(hash);
    }

    /// <summary>
    /// The checks that need no chain state: size, the stateless rules and the signature. A caller that serialises
    /// admission against commits runs these first, outside its gate, so that signature checks of concurrent
    /// submissions run in parallel rather than one at a time under the gate.
    /// </summary>
    public CheckedTransaction CheckIntrinsic(Transaction tx)
    {
        var maxBytes = Modules.TxFormats.Of(tx.Payload).CarriesData ? _options.MaxDataTransactionBytes : _options.MaxTransactionBytes;
        if (tx.Size > maxBytes) throw TransactionRules.Reject(TxRejectReason.Oversize, $"transaction is {tx.Size} bytes; the mempool takes at most {maxBytes} for this kind");
        TransactionRules.CheckStateless(tx, _chainId, _parameters);
        TransactionRules.CheckSignature(tx);
        return new CheckedTransaction(tx);
    }

    /// <summary>
    /// Admits a transaction. <paramref name="account"/> is the sender's account at the head; <paramref name="baseFee"/>
    /// the base fee of the next block. Signature checking happens here, outside the lock.
    /// </summary>
    public void Add(Transaction tx, Account account, ulong baseFee) => Add(CheckIntrinsic(tx), account, baseFee);

    /// <summary>Admits a transaction whose state-free checks already passed (see <see cref="CheckIntrinsic"/>).</summary>
    public void Add(CheckedTransaction checkedTx, Account account, ulong baseFee)
    {
        var tx = checkedTx.Transaction ?? throw new ArgumentException("a default CheckedTransaction holds no transaction", nameof(checkedTx));
        TransactionRules.CheckFee(tx, baseFee, _parameters.MinTipPerGas);

        lock (_gate)
        {
            if (_byHash.ContainsKey(tx.Hash)) throw TransactionRules.Reject(TxRejectReason.AlreadyKnown, $"transaction {tx.Hash} is already pending");
            if (tx.Nonce < account.Nonce) throw TransactionRules.Reject(TxRejectReason.NonceTooLow, $"nonce {tx.Nonce} is already used; the account's next nonce is {account.Nonce}");

            _bySender.TryGetValue(tx.From, out var queue);
            var pendingCount = queue?.Count ?? 0;
            var nextFree = account.Nonce + (ulong)pendingCount;
            Entry? replaced = null;
            if (queue is not null && queue.TryGetValue(tx.Nonce, out var existing))
            {
                if (!IsSufficientBump(existing.Tx, tx)) throw TransactionRules.Reject(TxRejectReason.ReplacementUnderpriced, $"a transaction with nonce {tx.Nonce} is pending; a replacement must raise both fee caps by {_options.ReplacementBumpPercent}%");
                replaced = existing;
            }
            else if (tx.Nonce > nextFree)
            {
                throw TransactionRules.Reject(TxRejectReason.NonceGap, $"nonce {tx.Nonce} leaves a gap; the next usable nonce is {nextFree}");
            }
            else if (pendingCount >= _options.MaxPerSender)
            {
                throw TransactionRules.Reject(TxRejectReason.SenderLimitReached, $"sender already has {pendingCount} pending transactions; wait for some to be included");
            }

            CheckCumulativeBalance(tx, account, queue, replaced);

            if (replaced is null && (_byHash.Count >= _options.MaxTransactions || _bytes + tx.Size > _options.MaxBytes))
            {
                MakeRoomFor(tx, baseFee);
            }

            if (replaced is not null) RemoveEntry(replaced);
            if (!_bySender.TryGetValue(tx.From, out queue))
            {
                queue = new SortedList<ulong, Entry>();
                _bySender[tx.From] = queue;
            }
            var entry = new Entry(tx, _sequence++);
            queue[tx.Nonce] = entry;
            _byHash[tx.Hash] = entry;
            _bytes += tx.Size;
        }
    }

    private bool IsSufficientBump(Transaction old, Transaction candidate)
    {
        var factor = 100 + (ulong)_options.ReplacementBumpPercent;
        return (UInt128)candidate.MaxFeePerGas * 100 >= (UInt128)old.MaxFeePerGas * factor
            && (UInt128)candidate.MaxPriorityFeePerGas * 100 >= (UInt128)old.MaxPriorityFeePerGas * factor;
    }

    /// <summary>
    /// The sender's balance must cover this transaction plus every pending transaction that will run before it. A
    /// replacement must also leave the sender's later pending transactions affordable: a pricier nonce n would
    /// otherwise strand nonces n+1… in the pool as transactions no block can include.
    /// </summary>
    private static void CheckCumulativeBalance(Transaction tx, Account account, SortedList<ulong, Entry>? queue, Entry? replaced)
    {
        var total = TransactionRules.MaxCost(tx);
        if (queue is not null)
        {
            foreach (var (nonce, e) in queue)
            {
                if (nonce >= tx.Nonce && replaced is null) break;
                if (ReferenceEquals(e, replaced)) continue;
                total = UInt128.MaxValue - total < TransactionRules.MaxCost(e.Tx) ? UInt128.MaxValue : total + TransactionRules.MaxCost(e.Tx);
            }
        }
        if (account.Balance < total)
        {
            var scope = replaced is null ? "this and the sender's earlier pending transactions" : "this replacement and the sender's other pending transactions";
            throw TransactionRules.Reject(TxRejectReason.InsufficientBalance, $"balance {account.Balance} cannot cover {scope} ({total})");
        }
    }

    /// <summary>
    /// Evicts the cheapest pending transactions until <paramref name="incoming"/> fits under both the count and the
    /// byte limit. Only a sender's last nonce is ever evicted (anything else would leave a gap), never one of the
    /// newcomer's own, and only transactions paying a strictly lower tip than the newcomer. The victims are chosen
    /// first and removed only if together they make enough room, so a refusal leaves the pool exactly as it was.
    /// </summary>
    private void MakeRoomFor(Transaction incoming, ulong baseFee)
    {
        var incomingTip = FeeMarket.EffectiveTip(incoming.MaxFeePerGas, incoming.MaxPriorityFeePerGas, baseFee);
        var victims = new List<Entry>();
        // How many entries of each sender's queue (from the tail) are already chosen.
        var taken = new Dictionary<Address, int>();
        var count = _byHash.Count;
        var bytes = _bytes;
        while (count >= _options.MaxTransactions || bytes + incoming.Size > _options.MaxBytes)
        {
            Entry? victim = null;
            ulong victimTip = ulong.MaxValue;
            foreach (var (sender, queue) in _bySender)
            {
                taken.TryGetValue(sender, out var already);
                if (already == queue.Count) continue;
                var last = queue.Values[queue.Count - 1 - already];
                var tip = FeeMarket.EffectiveTip(last.Tx.MaxFeePerGas, last.Tx.MaxPriorityFeePerGas, baseFee);
                if (victim is null || tip < victimTip || (tip == victimTip && last.Sequence > victim.Sequence))
                {
                    victim = last;
                    victimTip = tip;
                }
            }
            // The newcomer's own tail is never evicted (that would leave a gap before it), and a cheap parent cannot
            // buy room with an expensive child: the child's tip is only earned after the parent's.
            if (victim is null || incomingTip <= victimTip || victim.Tx.From == incoming.From)
            {
                var floor = victim is null ? "nothing can be evicted" : $"raise the tip above {victimTip} per gas to get in";
                throw TransactionRules.Reject(TxRejectReason.MempoolFull, $"mempool is full ({_byHash.Count} transactions, {_bytes} bytes); {floor}");
            }
            victims.Add(victim);
            taken[victim.Tx.From] = taken.GetValueOrDefault(victim.Tx.From) + 1;
            count--;
            bytes -= victim.Tx.Size;
        }
        foreach (var victim in victims) RemoveEntry(victim);
    }

    private void RemoveEntry(Entry entry)
    {
        _byHash.Remove(entry.Tx.Hash);
        _bytes -= entry.Tx.Size;
        if (_bySender.TryGetValue(entry.Tx.From, out var queue))
        {
            queue.Remove(entry.Tx.Nonce);
            if (queue.Count == 0) _bySender.Remove(entry.Tx.From);
        }
    }

    /// <summary>
    /// Candidates for the next block in inclusion order: each sender's transactions in nonce order, senders
    /// interleaved by the tip their next transaction pays at <paramref name="baseFee"/> (highest first).
    /// </summary>
    public List<Transaction> SelectCandidates(ulong baseFee, ulong gasLimit, long maxBytes)
    {
        lock (_gate)
        {
            var heads = new PriorityQueue<(SortedList<ulong, Entry> Queue, int Index), (ulong NegTip, long Seq)>();
            foreach (var (_, queue) in _bySender) Enqueue(heads, queue, 0, baseFee);
            var selected = new List<Transaction>();
            ulong gas = 0;
            long bytes = 0;
            while (heads.TryDequeue(out var head, out _))
            {
                var tx = head.Queue.Values[head.Index].Tx;
                if (tx.MaxFeePerGas < baseFee) continue; // this sender's chain stops until the base fee falls
                if (gas + tx.GasLimit > gasLimit || bytes + tx.Size > maxBytes) continue;
                gas += tx.GasLimit;
                bytes += tx.Size;
                selected.Add(tx);
                if (head.Index + 1 < head.Queue.Count) Enqueue(heads, head.Queue, head.Index + 1, baseFee);
            }
            return selected;
        }
    }

    private static void Enqueue(PriorityQueue<(SortedList<ulong, Entry>, int), (ulong, long)> heads, SortedList<ulong, Entry> queue, int index, ulong baseFee)
    {
        var entry = queue.Values[index];
        var tip = FeeMarket.EffectiveTip(entry.Tx.MaxFeePerGas, entry.Tx.MaxPriorityFeePerGas, baseFee);
        heads.Enqueue((queue, index), (ulong.MaxValue - tip, entry.Sequence));
    }

    /// <summary>
    /// After a block: drops what it included and anything the new state made stale (used nonces).
    /// <paramref name="accountAt"/> reads the new head state.
    /// </summary>
    public void Prune(IEnumerable<Transaction> included, Func<Address, Account> accountAt)
    {
        lock (_gate)
        {
            var touched = new HashSet<Address>();
            foreach (var tx in included)
            {
                if (_byHash.TryGetValue(tx.Hash, out var entry)) RemoveEntry(entry);
                touched.Add(tx.From);
            }
            foreach (var sender in touched)
            {
                if (!_bySender.TryGetValue(sender, out var queue)) continue;
                var nonce = accountAt(sender).Nonce;
                while (queue.Count > 0 && queue.Keys[0] < nonce) RemoveEntry(queue.Values[0]);
            }
        }
    }

    /// <summary>The nonce a sender's next transaction should use, counting its pending ones.</summary>
    public ulong PendingNonce(Address sender, ulong accountNonce)
    {
        lock (_gate)
        {
            if (!_bySender.TryGetValue(sender, out var queue)) return accountNonce;
            var next = accountNonce;
            while (queue.ContainsKey(next)) next++;
            return next;
        }
    }

    /// <summary>Drops one transaction, e.g. one that failed to apply when a block was built.</summary>
    public void Remove(Hash256 hash)
    {
        lock (_gate)
        {
            if (_byHash.TryGetValue(hash, out var entry)) RemoveEntry(entry);
        }
    }
}
