using System.Diagnostics;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.Execution;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using NsecKeyBlobFormat = NSec.Cryptography.KeyBlobFormat;
using NsecPublicKey = NSec.Cryptography.PublicKey;
using NsecSignatureAlgorithm = NSec.Cryptography.SignatureAlgorithm;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// L1 block execution: signature check (parallel), per-transaction state updates and the state-root commit, over an
/// in-memory node store holding <see cref="Accounts"/> funded accounts. The peer measured in the same run is
/// libsodium's own Ed25519 verify rate, single-threaded and on two threads.
/// </summary>
internal static class L1ExecSuite
{
    private const string ChainId = "lamina-bench";
    private const int Accounts = 10_000;
    private const int BlockSize = 1_000;
    private const int WarmupBlocks = 3;
    private const int MeasuredBlocks = 15;
    private const int VerifySet = 2_048;
    private const ulong BaseFee = 1_000;

    public static void Run()
    {
        Console.WriteLine($"\n## l1-exec: {BlockSize}-transfer blocks over {Accounts:N0} funded accounts (in-memory SMT node store)");
        var peer = new VerifyPeer();

        // ---- state and blocks ----
        var keys = Fixtures.Keys(Accounts, domain: 1);
        var proposer = Fixtures.Keys(1, domain: 99)[0].Address;
        var store = new InMemorySmtNodeStore();
        var genesis = new WorldState(store, SparseMerkleTree.EmptyRoot);
        foreach (var k in keys) genesis.SetAccount(k.Address, new Account(UInt128.Parse("1000000000000000000000000"), 0));
        var root = genesis.Commit();

        var rng = new Random(42);
        var nonces = new ulong[Accounts];
        var blocks = new List<Transaction[]>();
        var sw = Stopwatch.StartNew();
        for (var b = 0; b < WarmupBlocks + MeasuredBlocks; b++)
        {
            var txs = new Transaction[BlockSize];
            for (var i = 0; i < BlockSize; i++)
            {
                var from = rng.Next(Accounts);
                var to = rng.Next(Accounts - 1);
                if (to >= from) to++;
                txs[i] = Fixtures.Transfer(keys[from], ChainId, nonces[from]++, keys[to].Address, (UInt128)(1 + rng.Next(1000)));
            }
            blocks.Add(txs);
        }
        Console.WriteLine($"(signed {blocks.Count * BlockSize:N0} transfers in {sw.Elapsed.TotalSeconds:0.0} s; setup is not timed)");
        Console.WriteLine("(the libsodium peer is measured right next to every block, on the same number of signatures, so load from other processes hits both alike)");

        var executor = new BlockExecutor(ChainId, ChainParameters.Default);
        List<double> sig = [], sig1 = [], apply = [], commit = [], total = [];
        List<double> nsec1 = [], nsec2 = [], core1 = [], sigRatio = [], e2eRatio = [];
        var nodesBefore = store.Count;
        for (var b = 0; b < blocks.Count; b++)
        {
            // Fresh decoded copies: no cached signing hash or id, as when a validator receives a block.
            var oneThread = blocks[b].Select(Fixtures.Fresh).ToArray();
            var txs = blocks[b].Select(Fixtures.Fresh).ToArray();
            ForceGc();

            // The peer, on BlockSize signatures: libsodium on one thread and on two, and Lamina's wrapper.
            var pNsec1 = peer.NsecOneThread(BlockSize);
            var pNsec2 = peer.NsecTwoThreads(BlockSize);
            var pCore1 = peer.CoreOneThread(BlockSize);

            // Reference: the transactions' own signature work on one thread.
            var t0 = Stopwatch.GetTimestamp();
            foreach (var tx in oneThread)
            {
                if (!tx.HasValidSignature()) throw new InvalidOperationException("bad signature in fixture");
            }
            var tSig1 = Stopwatch.GetElapsedTime(t0).TotalSeconds;

            t0 = Stopwatch.GetTimestamp();
            if (BlockExecutor.FirstBadSignature(txs) != -1) throw new InvalidOperationException("bad signature in fixture");
            var t1 = Stopwatch.GetTimestamp();
            var state = new WorldState(store, root);
            for (var i = 0; i < txs.Length; i++) executor.Apply(state, txs[i], (ulong)b + 1, (uint)i, BaseFee, proposer);
            var t2 = Stopwatch.GetTimestamp();
            root = state.Commit();
            var t3 = Stopwatch.GetTimestamp();

            if (b < WarmupBlocks) continue;
            var tSig = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
            var tTotal = Stopwatch.GetElapsedTime(t0, t3).TotalSeconds;
            sig1.Add(tSig1);
            sig.Add(tSig);
            apply.Add(Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
            commit.Add(Stopwatch.GetElapsedTime(t2, t3).TotalSeconds);
            total.Add(tTotal);
            nsec1.Add(pNsec1);
            nsec2.Add(pNsec2);
            core1.Add(pCore1);
            // rate ÷ bound = (n / t) ÷ (2 n / t_nsec1) = t_nsec1 / (2 t)
            sigRatio.Add(pNsec1 / (2 * tSig));
            e2eRatio.Add(pNsec1 / (2 * tTotal));
        }
        var nodesPerBlock = (double)(store.Count - nodesBefore) / blocks.Count;

        double mSig = Median(sig), mApply = Median(apply), mCommit = Median(commit), mTotal = Median(total), mSig1 = Median(sig1);
        double rNsec1 = BlockSize / Median(nsec1), rNsec2 = BlockSize / Median(nsec2), rCore1 = BlockSize / Median(core1);
        var e2e = BlockSize / mTotal;
        var sigRate = BlockSize / mSig;
        var bound = 2 * rNsec1;
        double mSigRatio = Median(sigRatio), mE2eRatio = Median(e2eRatio);

        var t = new Table($"Ed25519 verify, the peer (libsodium via NSec), median of {MeasuredBlocks} runs of {BlockSize} verifies", "measurement", "rate", "per verify");
        t.Add("NSec Verify, pre-imported keys, 1 thread", Rate(rNsec1), Us(1 / rNsec1));
        t.Add("Lamina.Core.Crypto.Ed25519.Verify, 1 thread (imports key per call)", Rate(rCore1), Us(1 / rCore1));
        t.Add("NSec Verify, 2 threads measured", Rate(rNsec2), Us(1 / rNsec2));
        t.Add("two-core bound (2 × NSec 1-thread)", Rate(bound), Us(1 / bound));
        t.Print();

        t = new Table($"Block execution, median of {MeasuredBlocks} blocks after {WarmupBlocks} warm-up", "phase", "time / block", "tx/s", "share", "÷ 2-core verify bound");
        t.Add("signatures: FirstBadSignature (parallel)", Ms(mSig), Rate(sigRate), Pct(mSig / mTotal), F(mSigRatio));
        t.Add("apply: BlockExecutor.Apply × 1000", Ms(mApply), Rate(BlockSize / mApply), Pct(mApply / mTotal), "");
        t.Add("state root: WorldState.Commit", Ms(mCommit), Rate(BlockSize / mCommit), Pct(mCommit / mTotal), "");
        t.Add("end to end", Ms(mTotal), Rate(e2e), "100 %", F(mE2eRatio));
        t.Add("(ref) signatures on 1 thread, HasValidSignature", Ms(mSig1), Rate(BlockSize / mSig1), "", F(BlockSize / mSig1 / bound));
        t.Print();

        Console.WriteLine($"\nratios are medians of per-block ratios (each block against the peer measured just before it). Parallel signature speed-up {F(mSig1 / mSig)}× on {Environment.ProcessorCount} cores; " +
                          $"signature phase ÷ measured 2-thread NSec = {F(sigRate / rNsec2)}; Core wrapper ÷ raw NSec (1 thread) = {F(rCore1 / rNsec1)}; ~{nodesPerBlock:0} new tree nodes per block.");
        Console.WriteLine($"state root after {blocks.Count} blocks: {root} (deterministic; compare across builds)");
        Console.WriteLine($"SUMMARY l1-exec: {Rate(e2e).Replace("/s", "tx/s")} end-to-end, signature phase {Rate(sigRate).Replace("/s", "tx/s")} = {F(mSigRatio)} of the two-core verify bound ({Rate(bound)}; target ≥ 0.80), " +
                          $"end-to-end = {F(mE2eRatio)} of the bound; split sig/apply/root = {Pct(mSig / mTotal)} / {Pct(mApply / mTotal)} / {Pct(mCommit / mTotal)}");
    }

    /// <summary>libsodium's Ed25519 verify on pre-imported keys, and Lamina's wrapper, over a fixed set of signatures.</summary>
    private sealed class VerifyPeer
    {
        private readonly NsecSignatureAlgorithm _algorithm = NsecSignatureAlgorithm.Ed25519;
        private readonly byte[][] _messages = new byte[VerifySet][];
        private readonly byte[][] _sigs = new byte[VerifySet][];
        private readonly NsecPublicKey[] _nsecKeys = new NsecPublicKey[VerifySet];
        private readonly PublicKey[] _coreKeys = new PublicKey[VerifySet];
        private readonly Signature[] _coreSigs = new Signature[VerifySet];
        private int _offset;

        public VerifyPeer()
        {
            var keys = Fixtures.Keys(256, domain: 7);
            var rng = new Random(7);
            for (var i = 0; i < VerifySet; i++)
            {
                var key = keys[i % keys.Length];
                _messages[i] = new byte[Hash256.Size]; // a transaction signs its 32-byte signing hash
                rng.NextBytes(_messages[i]);
                _coreSigs[i] = key.Sign(_messages[i]);
                _sigs[i] = _coreSigs[i].ToArray();
                _coreKeys[i] = key.PublicKey;
                _nsecKeys[i] = NsecPublicKey.Import(_algorithm, key.PublicKey.ToArray(), NsecKeyBlobFormat.RawPublicKey);
            }
            // Warm up both paths (JIT tiers, libsodium init).
            for (var i = 0; i < 3; i++)
            {
                NsecOneThread(VerifySet / 2);
                CoreOneThread(VerifySet / 2);
                NsecTwoThreads(VerifySet / 2);
            }
        }

        private void NsecRange(int start, int count)
        {
            for (var k = 0; k < count; k++)
            {
                var i = (start + k) % VerifySet;
                if (!_algorithm.Verify(_nsecKeys[i], _messages[i], _sigs[i])) throw new InvalidOperationException("verify failed");
            }
        }

        private int Next(int count)
        {
            var start = _offset;
            _offset = (_offset + count) % VerifySet;
            return start;
        }

        /// <summary>Seconds to verify <paramref name="count"/> signatures on one thread.</summary>
        public double NsecOneThread(int count)
        {
            var start = Next(count);
            var t0 = Stopwatch.GetTimestamp();
            NsecRange(start, count);
            return Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        public double CoreOneThread(int count)
        {
            var start = Next(count);
            var t0 = Stopwatch.GetTimestamp();
            for (var k = 0; k < count; k++)
            {
                var i = (start + k) % VerifySet;
                if (!Ed25519.Verify(_coreKeys[i], _messages[i], _coreSigs[i])) throw new InvalidOperationException("verify failed");
            }
            return Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        /// <summary>Seconds for two dedicated threads, released together, to verify half of <paramref name="count"/> each.</summary>
        public double NsecTwoThreads(int count)
        {
            var start = Next(count);
            var half = count / 2;
            using var go = new Barrier(3);
            var threads = new[] { new Thread(() => { go.SignalAndWait(); NsecRange(start, half); }), new Thread(() => { go.SignalAndWait(); NsecRange(start + half, count - half); }) };
            foreach (var th in threads) th.Start();
            go.SignalAndWait();
            var t0 = Stopwatch.GetTimestamp();
            foreach (var th in threads) th.Join();
            return Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
    }
}
