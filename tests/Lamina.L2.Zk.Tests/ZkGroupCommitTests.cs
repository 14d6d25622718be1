using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Transactions;
using Lamina.Storage;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>
/// Admission's group commit: transactions that arrive while a synced write runs go out together in the next one,
/// every submitter is answered only once its transaction is journaled, and a restart loses none of them.
/// </summary>
public sealed class ZkGroupCommitTests
{
    private const int Senders = 17;

    [Fact]
    public async Task Concurrent_submitters_share_one_synced_write_all_get_answers_and_a_restart_loses_none()
    {
        using var inner = new InMemoryStore();
        var store = new GatedStore(inner);
        var time = new ManualTime();
        var options = new ZkOperatorOptions(MaxBatchOps: 4);
        var core = new ZkOperatorCore(Domain, new ZkOperatorJournal(store), options, time);
        var keys = Enumerable.Range(0, Senders).Select(i => ZkSigningKey.FromSeed([.. Enumerable.Repeat((byte)(40 + i), 32)])).ToArray();
        Assert.Equal(Senders, core.AddPriorityOps([.. keys.Select((k, i) => (ZkTransaction)new DepositOp((ulong)i, (uint)(10 + i), k.PublicKey, 100))]));
        long writesBefore = core.JournalWrites;
        Assert.Equal(1, writesBefore); // the deposits: one write

        var txs = keys.Select((k, i) => TransferTx.Create((uint)(10 + i), (uint)(10 + (i + 1) % Senders), PackedAmount.Pack(5), 0, k, Domain)).ToArray();
        store.HoldNextWrite();
        Task<ZkAdmitted> first = Task.Factory.StartNew(() => core.Admit(txs[0]), TaskCreationOptions.LongRunning);
        Assert.True(store.Held.Wait(TimeSpan.FromSeconds(30)), "the first transaction's write never started");
        Assert.False(first.IsCompleted); // journaled before answered: its write has not finished
        var rest = txs.Skip(1).Select(tx => Task.Factory.StartNew(() => core.Admit(tx), TaskCreationOptions.LongRunning)).ToArray();
        for (int spin = 0; core.PendingHead().Operations < 2 * Senders; spin++)
        {
            Assert.True(spin < 3_000, "the other submitters were not all staged");
            await Task.Delay(10);
        }
        Assert.All(rest, t => Assert.False(t.IsCompleted)); // none is answered while nothing of theirs is on disk
        store.Release();
        ZkAdmitted[] answers = await Task.WhenAll([first, .. rest]);

        Assert.Equal(Enumerable.Range(Senders, Senders).Select(s => (ulong)s), answers.Select(a => a.Sequence).Order());
        Assert.Equal(2, core.JournalWrites - writesBefore); // the held write, then one for the 16 that waited behind it

        var restarted = new ZkOperatorCore(Domain, new ZkOperatorJournal(inner), options, time);
        Assert.Equal(core.PendingHead(), restarted.PendingHead());
        var journaled = restarted.Pending(100).Select(p => p.Hash).ToHashSet();
        Assert.All(answers, a => Assert.Contains(a.Hash, journaled));
        for (int i = 0; i < Senders; i++) Assert.Equal(100UL, restarted.GetAccount((uint)(10 + i)).Balance); // each sent 5 and received 5
    }

    [Fact]
    public void A_failed_write_answers_none_of_its_group_and_the_core_stops()
    {
        using var inner = new InMemoryStore();
        var store = new GatedStore(inner);
        var core = new ZkOperatorCore(Domain, new ZkOperatorJournal(store), new ZkOperatorOptions(MaxBatchOps: 4), new ManualTime());
        core.AddPriorityOps([new DepositOp(0, A, Alice.PublicKey, 100), new DepositOp(1, B, Bob.PublicKey, 1)]);
        store.FailWrites = true;
        Assert.Throws<IOException>(() => core.Admit(TransferTx.Create(A, B, PackedAmount.Pack(5), 0, Alice, Domain)));
        store.FailWrites = false;
        Assert.Throws<InvalidOperationException>(() => core.Admit(TransferTx.Create(A, B, PackedAmount.Pack(5), 1, Alice, Domain)));
        var restarted = new ZkOperatorCore(Domain, new ZkOperatorJournal(inner), new ZkOperatorOptions(MaxBatchOps: 4), new ManualTime());
        Assert.Equal(100UL, restarted.GetAccount(A).Balance); // nothing answered, nothing journaled
    }

    /// <summary>A store whose next synced write can be held until released, or whose writes fail.</summary>
    private sealed class GatedStore(InMemoryStore inner) : IKeyValueStore
    {
        private readonly ManualResetEventSlim _release = new(true);
        private volatile bool _hold;

        public ManualResetEventSlim Held { get; } = new(false);
        public bool FailWrites { get; set; }

        public void HoldNextWrite()
        {
            _release.Reset();
            _hold = true;
        }

        public void Release() => _release.Set();

        public void Write(IWriteBatch batch, bool sync = true)
        {
            if (FailWrites) throw new IOException("disk full");
            if (_hold)
            {
                _hold = false;
                Held.Set();
                _release.Wait();
            }
            inner.Write(batch, sync);
        }

        public IWriteBatch CreateBatch() => inner.CreateBatch();
        public IKeyValueSnapshot CreateSnapshot() => inner.CreateSnapshot();
        public byte[]? Get(Column column, ReadOnlySpan<byte> key) => inner.Get(column, key);
        public bool Contains(Column column, ReadOnlySpan<byte> key) => inner.Contains(column, key);
        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null) => inner.Iterate(column, prefix, from);
        public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null) => inner.IterateBackward(column, prefix);
        public void Dispose() { }
    }
}
