using System.Diagnostics;
using Lamina.Consensus;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// Committed blocks per second through <see cref="Blockchain"/> on the real RocksDB store: 1,000 transfers submitted
/// to the mempool, then <see cref="Blockchain.ProduceBlock"/> by the single genesis validator. The fsync'd write of each
/// block's batch is timed inside the store; a bare fsync'd write measured in the same run is the floor.
/// </summary>
internal static class RocksDbSuite
{
    private const string ChainId = "lamina-bench";
    private const int FundedKeys = 5_000;
    private const int BlockSize = 1_000;
    private const int WarmupBlocks = 3;
    private const int MeasuredBlocks = 20;

    /// <summary>Forwards to the real store, timing every write (the block's atomic, synced batch) and counting reads.</summary>
    private sealed class TimedStore(IKeyValueStore inner) : IKeyValueStore
    {
        public double LastWriteSeconds;
        public int LastWriteOps;
        public long Gets;
        public long GetTicks;

        public IWriteBatch CreateBatch() => inner.CreateBatch();

        public void Write(IWriteBatch batch, bool sync = true)
        {
            var t0 = Stopwatch.GetTimestamp();
            inner.Write(batch, sync);
            LastWriteSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            LastWriteOps = batch.Count;
        }

        public IKeyValueSnapshot CreateSnapshot() => inner.CreateSnapshot();

        public byte[]? Get(Column column, ReadOnlySpan<byte> key)
        {
            var t0 = Stopwatch.GetTimestamp();
            var value = inner.Get(column, key);
            Interlocked.Add(ref GetTicks, Stopwatch.GetTimestamp() - t0);
            Interlocked.Increment(ref Gets);
            return value;
        }

        public bool Contains(Column column, ReadOnlySpan<byte> key) => inner.Contains(column, key);
        public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null) => inner.Iterate(column, prefix, from);
        public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null) => inner.IterateBackward(column, prefix);
        public void Dispose() => inner.Dispose();
    }

    public static void Run()
    {
        Console.WriteLine($"\n## rocksdb: Blockchain on RocksDbStore, {BlockSize}-transfer blocks, single validator, {FundedKeys:N0} funded dev keys");
        var dir = Path.Combine(Path.GetTempPath(), "lamina-bench-" + Guid.NewGuid().ToString("N"));
        var floorDir = dir + "-fsync";
        try
        {
            using var floorStore = RocksDbStore.Open(floorDir);
            RunChain(dir, floorStore);
        }
        finally
        {
            foreach (var d in new[] { dir, floorDir })
            {
                if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
            }
        }
    }

    private static void RunChain(string dir, RocksDbStore floorStore)
    {
        var validatorKey = Fixtures.Keys(1, domain: 50)[0];
        var keys = Fixtures.Keys(FundedKeys, domain: 2);
        var balance = UInt128.Parse("1000000000000000000000000");
        var balances = keys.Select(k => (k.Address, balance)).OrderBy(b => b.Address).ToList();
        var genesis = new GenesisConfig(ChainId, 1_700_000_000_000, ChainParameters.Default, new ValidatorSet([new Validator(validatorKey.PublicKey, 1)]), balances);

        var rng = new Random(3);
        var nonces = new ulong[FundedKeys];
        var order = Enumerable.Range(0, FundedKeys).ToArray();
        var blocks = new List<Transaction[]>();
        for (var b = 0; b < WarmupBlocks + MeasuredBlocks; b++)
        {
            // Distinct senders per block (a partial shuffle), random recipients.
            for (var i = 0; i < BlockSize; i++)
            {
                var j = rng.Next(i, FundedKeys);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var txs = new Transaction[BlockSize];
            for (var i = 0; i < BlockSize; i++)
            {
                var from = order[i];
                var to = rng.Next(FundedKeys - 1);
                if (to >= from) to++;
                txs[i] = Fixtures.Transfer(keys[from], ChainId, nonces[from]++, keys[to].Address, (UInt128)(1 + rng.Next(1000)));
            }
            blocks.Add(txs);
        }

        using var store = new TimedStore(RocksDbStore.Open(dir));
        var sw = Stopwatch.StartNew();
        var chain = new Blockchain(new ChainStore(store), genesis, TimeProvider.System);
        var genesisSeconds = sw.Elapsed.TotalSeconds;

        var submit = new List<double>();
        var produce = new List<double>();
        var write = new List<double>();
        var total = new List<double>();
        var readsPerBlock = new List<double>();
        var submitReads = new List<double>();
        var sigOnly = new List<double>();
        List<double> submitGets = [], produceGets = [];
        var floor = new List<double>();
        for (var i = 0; i < 5; i++) BareSyncedWrite(floorStore);
        var produceReads = new List<double>();
        var ops = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var fresh = blocks[b].Select(Fixtures.Fresh).ToArray();
            var sigCopies = blocks[b].Select(Fixtures.Fresh).ToArray();
            ForceGc();
            // The signature work alone, on one thread like the submit loop, measured next to it.
            var ts = Stopwatch.GetTimestamp();
            foreach (var tx in sigCopies)
            {
                if (!tx.HasValidSignature()) throw new InvalidOperationException("bad signature in fixture");
            }
            var tSigOnly = Stopwatch.GetElapsedTime(ts).TotalSeconds;
            var tFloor = BareSyncedWrite(floorStore);
            var gets0 = store.Gets;
            var ticks0 = store.GetTicks;
            var t0 = Stopwatch.GetTimestamp();
            foreach (var tx in fresh) chain.SubmitTransaction(tx);
            var t1 = Stopwatch.GetTimestamp();
            var ticks1 = store.GetTicks;
            var gets1 = store.Gets;
            var block = chain.ProduceBlock(validatorKey);
            var t2 = Stopwatch.GetTimestamp();
            var ticks2 = store.GetTicks;
            if (block.Transactions.Count != BlockSize) throw new InvalidOperationException($"block {block.Height} carries {block.Transactions.Count} transactions, expected {BlockSize}");
            if (b < WarmupBlocks) continue;
            submit.Add(Stopwatch.GetElapsedTime(t0, t1).TotalSeconds);
            produce.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
            total.Add(Stopwatch.GetElapsedTime(t0, t2).TotalSeconds);
            write.Add(store.LastWriteSeconds);
            readsPerBlock.Add(store.Gets - gets0);
            submitGets.Add(gets1 - gets0);
            produceGets.Add(store.Gets - gets1);
            sigOnly.Add(tSigOnly);
            floor.Add(tFloor);
            submitReads.Add((double)(ticks1 - ticks0) / Stopwatch.Frequency);
            produceReads.Add((double)(ticks2 - ticks1) / Stopwatch.Frequency);
            ops = store.LastWriteOps;
        }
        if (chain.Mempool.Count != 0) throw new InvalidOperationException("mempool not drained");

        double mSubmit = Median(submit), mProduce = Median(produce), mWrite = Median(write), mTotal = Median(total);
        var sumTotal = total.Sum();
        var fsyncFloor = Median(floor);
        var blocksPerSecond = 1 / mTotal;

        var t = new Table($"RocksDB block production, median of {MeasuredBlocks} blocks after {WarmupBlocks} warm-up", "phase", "time / block", "tx/s", "share");
        t.Add("submit 1000 × SubmitTransaction (checks incl. signature, 1 thread)", Ms(mSubmit), Rate(BlockSize / mSubmit), Pct(mSubmit / mTotal));
        t.Add("  of which signature checks (same txs, HasValidSignature alone)", Ms(Median(sigOnly)), "", Pct(Median(sigOnly) / mTotal));
        t.Add($"  of which store reads ({Median(submitGets):N0} RocksDB Gets)", Ms(Median(submitReads)), "", Pct(Median(submitReads) / mTotal));
        t.Add("ProduceBlock (select, apply, root, encode, sign, write, prune)", Ms(mProduce), Rate(BlockSize / mProduce), Pct(mProduce / mTotal));
        t.Add($"  of which store reads ({Median(produceGets):N0} RocksDB Gets)", Ms(Median(produceReads)), "", Pct(Median(produceReads) / mTotal));
        t.Add($"  of which fsync'd batch write ({ops:N0} ops)", Ms(mWrite), "", Pct(mWrite / mTotal));
        t.Add("total per block", Ms(mTotal), Rate(BlockSize / mTotal), "100 %");
        t.Add("bare fsync'd 1-key write (floor, same disk)", Ms(fsyncFloor), "", "");
        t.Print();

        Console.WriteLine($"\ngenesis of {FundedKeys:N0} accounts: {Ms(genesisSeconds)}; mean over all measured blocks {F(MeasuredBlocks / sumTotal)} blocks/s; " +
                          $"store reads per block {F(Median(readsPerBlock), "0")}; submit ÷ signature-only rate = {F(Median(sigOnly) / mSubmit)}; block write = {F(mWrite / fsyncFloor)}× the bare fsync floor.");
        Console.WriteLine($"SUMMARY rocksdb: {F(blocksPerSecond)} blocks/s = {Rate(BlockSize * blocksPerSecond).Replace("/s", "tx/s")} committed at {BlockSize} transfers/block; " +
                          $"split submit/produce = {Pct(mSubmit / mTotal)} / {Pct(mProduce / mTotal)}; fsync'd batch write {Ms(mWrite)} (floor {Ms(fsyncFloor)})");
    }

    /// <summary>One 1-key batch written with sync to a separate RocksDB on the same disk: the durability floor.</summary>
    private static double BareSyncedWrite(RocksDbStore store)
    {
        var t0 = Stopwatch.GetTimestamp();
        using (var batch = store.CreateBatch())
        {
            batch.Put(Column.Meta, "bench"u8, BitConverter.GetBytes(t0));
            store.Write(batch, sync: true);
        }
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }
}
