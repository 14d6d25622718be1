using System.Diagnostics;
using System.Security.Cryptography;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.State;
using static Lamina.Bench.Harness;

namespace Lamina.Bench;

/// <summary>
/// The sparse Merkle tree on an in-memory node store: batch and single-key updates, reads, proof sizes and proof
/// verification, against the machine's SHA-256 rate (the physical limit: an update cannot be cheaper than its hashes).
/// </summary>
internal static class SmtSuite
{
    private const int BatchSize = 1_000;
    private const int WarmupBatches = 5;
    private const int MeasuredBatches = 15;
    private const int Singles = 1_000;
    private const int Proofs = 1_000;

    /// <summary>Counts node reads and writes so hashes per update can be stated exactly.</summary>
    private sealed class CountingStore : ISmtNodeStore
    {
        private readonly InMemorySmtNodeStore _inner = new();
        public long Gets, LeafPuts, InternalPuts;
        public int Count => _inner.Count;

        public byte[]? GetNode(Hash256 hash)
        {
            Gets++;
            return _inner.GetNode(hash);
        }

        public void PutNode(Hash256 hash, byte[] encoded)
        {
            // A leaf costs two hashes (value, then key ‖ value hash); an internal node one.
            if (encoded[0] == 1) LeafPuts++;
            else InternalPuts++;
            _inner.PutNode(hash, encoded);
        }

        public long Hashes => 2 * LeafPuts + InternalPuts;
        public void Reset() => Gets = LeafPuts = InternalPuts = 0;
    }

    public static void Run()
    {
        Console.WriteLine("\n## smt: sparse Merkle tree, in-memory node store, Account-encoded values (24 bytes)");
        Console.WriteLine("(the SHA-256 limit is measured right before every timed batch, so load from other processes hits both alike)");
        var sha = new ShaProbe();
        for (var i = 0; i < 5; i++) sha.Measure(); // warm-up

        var table = new Table("Sparse Merkle tree", "leaves", "build (bulk)", "batch 1000: updates/s", "hashes/update", "SHA-256 bound updates/s", "ratio", "node reads/update",
            "single-key updates/s", "reads (Get)/s", "proof bytes mean / max", "proof verify/s");
        var summary = new List<string>();
        foreach (var n in new[] { 10_000, 100_000, 1_000_000 })
        {
            var r = RunSize(n, sha);
            var bound = r.ShaRate / r.HashesPerUpdate;
            table.Add(n.ToString("N0", Inv), $"{F(r.BuildSeconds, "0.0")} s ({Rate(n / r.BuildSeconds)})", Rate(r.BatchRate), F(r.HashesPerUpdate, "0.0"), Rate(bound), F(r.Ratio),
                F(r.ReadsPerUpdate, "0.0"), Rate(r.SingleRate), Rate(r.GetRate), $"{F(r.ProofMean, "0")} / {r.ProofMax}", Rate(r.VerifyRate));
            summary.Add($"{n:N0}: {Rate(r.BatchRate)} ({F(r.Ratio)} of SHA bound)");
            ForceGc();
        }

        double shaRate = Median(sha.Sha), domainRate = Median(sha.Domain);
        var limit = new Table($"Physical limit: SHA-256 on this machine, 1 thread, median of {sha.Sha.Count} probes", "measurement", "rate", "per hash");
        limit.Add("SHA256.HashData, 64-byte input", Rate(shaRate), Us(1 / shaRate));
        limit.Add("DomainHasher.HashPair (tag ‖ 64 bytes, as an SMT node)", Rate(domainRate), Us(1 / domainRate));
        limit.Print();
        table.Print();
        Console.WriteLine("\nSHA-256 bound = SHA256.HashData rate ÷ hashes per update; ratio = median over batches of (batch hashes × time per SHA-256 probed just before) ÷ batch time, i.e. the share of update time that is hashing.");
        Console.WriteLine($"SUMMARY smt: batch updates of {BatchSize} keys: {string.Join("; ", summary)}; SHA-256 {Rate(shaRate)} (64-byte inputs)");
    }

    private sealed record SizeResult(double ShaRate, double Ratio, double BuildSeconds, double BatchRate, double HashesPerUpdate, double ReadsPerUpdate, double SingleRate, double GetRate,
        double ProofMean, int ProofMax, double VerifyRate);

    private static SizeResult RunSize(int n, ShaProbe sha)
    {
        var rng = new Random(n);
        var keys = new Hash256[n];
        Span<byte> buf = stackalloc byte[Hash256.Size];
        for (var i = 0; i < n; i++)
        {
            rng.NextBytes(buf);
            keys[i] = new Hash256(buf);
        }
        byte[] Value() => Canonical.Encode(new Account((UInt128)rng.NextInt64(1, long.MaxValue), (ulong)rng.Next(1000)));

        var store = new CountingStore();
        var tree = new SparseMerkleTree(store);
        var sw = Stopwatch.StartNew();
        var root = tree.Update(SparseMerkleTree.EmptyRoot, keys.Select(k => new KeyValuePair<Hash256, byte[]?>(k, Value())).ToArray());
        var build = sw.Elapsed.TotalSeconds;
        ForceGc();

        // Batch updates of existing keys (the common case: balances and nonces change).
        var batchTimes = new List<double>();
        var ratios = new List<double>();
        var shaRates = new List<double>();
        long hashes = 0, reads = 0;
        for (var b = 0; b < WarmupBatches + MeasuredBatches; b++)
        {
            var batch = new KeyValuePair<Hash256, byte[]?>[BatchSize];
            for (var i = 0; i < BatchSize; i++) batch[i] = new(keys[rng.Next(n)], Value());
            var shaRate = sha.Measure();
            store.Reset();
            var t0 = Stopwatch.GetTimestamp();
            root = tree.Update(root, batch);
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            if (b < WarmupBatches) continue;
            batchTimes.Add(elapsed);
            shaRates.Add(shaRate);
            ratios.Add(store.Hashes / shaRate / elapsed);
            hashes += store.Hashes;
            reads += store.Gets;
        }
        var updates = (double)MeasuredBatches * BatchSize;

        // Single-key updates: one Update call per key.
        var singles = Enumerable.Range(0, Singles).Select(_ => new KeyValuePair<Hash256, byte[]?>[] { new(keys[rng.Next(n)], Value()) }).ToArray();
        var singleTime = Median(Time(1, 5, () =>
        {
            foreach (var s in singles) root = tree.Update(root, s);
        }));

        // Reads and proofs of random present keys.
        var probe = Enumerable.Range(0, Proofs).Select(_ => keys[rng.Next(n)]).ToArray();
        var getTime = Median(Time(1, 5, () =>
        {
            foreach (var k in probe)
            {
                if (tree.Get(root, k) is null) throw new InvalidOperationException("key missing");
            }
        }));
        var proofs = probe.Select(k => tree.Prove(root, k)).ToArray();
        var values = probe.Select(k => tree.Get(root, k)!).ToArray();
        var sizes = proofs.Select(p => Canonical.Encode(p).Length).ToArray();
        var verifyTime = Median(Time(1, 5, () =>
        {
            for (var i = 0; i < proofs.Length; i++) proofs[i].Verify(root, probe[i], values[i], present: true);
        }));

        Console.WriteLine($"(n = {n:N0}: final root {root}, deterministic; compare across builds)");
        return new SizeResult(Median(shaRates), Median(ratios), build, BatchSize / Median(batchTimes), hashes / updates, reads / updates, Singles / singleTime, Proofs / getTime,
            sizes.Average(), sizes.Max(), Proofs / verifyTime);
    }

    /// <summary>Short SHA-256 probes (about 10 ms each), taken next to the measurements they bound.</summary>
    private sealed class ShaProbe
    {
        private const int Count = 10_000;
        private readonly byte[] _input = new byte[64];
        private readonly byte[] _digest = new byte[32];
        public List<double> Sha { get; } = [];
        public List<double> Domain { get; } = [];

        public ShaProbe() => new Random(1).NextBytes(_input);

        /// <summary>Returns SHA256.HashData's rate on 64-byte inputs now, recording it and DomainHasher's.</summary>
        public double Measure()
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < Count; i++) SHA256.HashData(_input, _digest);
            var sha = Count / Stopwatch.GetElapsedTime(t0).TotalSeconds;
            var a = new Hash256(_input.AsSpan(0, 32));
            var b = new Hash256(_input.AsSpan(32));
            t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < Count / 4; i++) a = DomainHasher.HashPair(DomainTags.SmtNode, a, b);
            Domain.Add(Count / 4 / Stopwatch.GetElapsedTime(t0).TotalSeconds);
            Sha.Add(sha);
            return sha;
        }
    }
}
