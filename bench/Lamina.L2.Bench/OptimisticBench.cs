using System.Diagnostics;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;

/// <summary>
/// The optimistic rollup's figures (issue 13), in one run with their peer: libsodium Ed25519 verify on 2 threads;
/// the sequencer end to end (admission with signature check, execution, a state root per 100-transaction block,
/// channel encoding and framing); admission latency; bytes posted per transfer; derivation speed; and L1 block space per
/// transfer against the same transfers on L1.
/// </summary>
internal static class OptimisticBench
{
    private const ulong ChainId = 7, RollupId = 1;

    public static void Run(int transfers)
    {
        var keys = Enumerable.Range(0, 200).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();
        var config = new RollupConfig(ChainId, RollupId, new Address(new byte[20]), new Address([.. Enumerable.Repeat((byte)0xBA, 20)]), 1,
            SequencingWindow: 1_000, ForcedInclusionWindow: 1_000, MaxSequencerDriftMs: 600_000, ChannelTimeout: 10);
        var deposits = keys.Select((k, i) => new L2Deposit((ulong)i, k.Address, 1UL << 50)).ToList();
        var l1Genesis = new L1BlockData(1, 1_000, deposits, [], [], []);

        // Signed up front: the user signs, the sequencer verifies.
        var random = new Random(13);
        var nonces = new ulong[keys.Length];
        var items = new OptimisticBatchItem[transfers];
        for (var i = 0; i < transfers; i++)
        {
            var from = random.Next(keys.Length);
            items[i] = OptimisticBatchItem.From(OptimisticTransfer.Create(keys[from], ChainId, RollupId, keys[random.Next(keys.Length)].Address,
                (ulong)random.Next(1, 1_000_000), (ulong)random.Next(1 << 14), nonces[from]++));
        }

        // Peer: libsodium verify of the same signed bytes on 2 threads.
        var signed = items.Select(t => OptimisticTransfer.SigningBytes(ChainId, RollupId, t.Sender, t.Recipient, t.Amount, t.Fee, t.Nonce)).ToArray();
        var peer = Stopwatch.StartNew();
        Parallel.For(0, transfers, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => _ = Ed25519.Verify(items[i].Sender, signed[i], items[i].Signature));
        var peerRate = transfers / peer.Elapsed.TotalSeconds;

        var sequencer = new SequencerCore(config, new InMemorySmtNodeStore());
        sequencer.AddL1Block(l1Genesis);
        sequencer.BuildBlock(1_001);
        var latencies = new double[transfers];
        var clock = Stopwatch.StartNew();
        ulong now = 1_002;
        for (var i = 0; i < transfers; i++)
        {
            var start = clock.Elapsed.TotalMilliseconds;
            sequencer.Submit(items[i]);
            latencies[i] = clock.Elapsed.TotalMilliseconds - start;
            if ((i + 1) % 100 == 0) sequencer.BuildBlock(now++);
        }
        sequencer.BuildBlock(now++);
        var batcher = new Batcher(130_048, maxChannelPayload: 64 << 20);
        var channel = batcher.Prepare(sequencer.GetBlock, 0, sequencer.Head.Number)!;
        var sequencerRate = transfers / clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);

        var blobs = channel.Blobs.Select(b => new BatchBlob(config.Batcher, b)).ToList();
        var verifier = new DerivationPipeline(config, new InMemorySmtNodeStore());
        var derive = Stopwatch.StartNew();
        verifier.Process(l1Genesis);
        verifier.Process(new L1BlockData(2, 2_000, [], [], blobs, []));
        var deriveRate = transfers / derive.Elapsed.TotalSeconds;
        if (verifier.Safe != sequencer.Head) throw new InvalidOperationException("derivation did not reach the sequencer's head");

        var posted = channel.Blobs.Sum(b => b.Length);
        var perTransfer = (double)posted / transfers;
        using var l1Key = SigningKey.FromSeed(new byte[32]);
        var l1TransferBytes = Transaction.Create(l1Key, "lamina-devnet", 0, 2_000, 2, TransferPayload.Gas, new TransferPayload(l1Key.Address, 1_000)).Encoded.Length;
        // The batch reference: one L1 transaction naming the channel's blobs (44 B each) is all the L1 block holds.
        const int ReferenceOverhead = 200;
        var referenceBytes = ReferenceOverhead + 44 * channel.Blobs.Count;

        Console.WriteLine($"transfers {transfers} in {sequencer.Head.Number - 1} blocks of 100, 200 accounts (one thread for the sequencer)");
        Console.WriteLine($"peer: libsodium Ed25519 verify on 2 threads        {peerRate,10:N0} /s");
        Console.WriteLine($"sequencer end to end (admit+execute+roots+channel) {sequencerRate,10:N0} /s   ratio to peer {sequencerRate / peerRate:F2}");
        Console.WriteLine($"admission latency p50 / p99                        {latencies[transfers / 2] * 1000:F0} / {latencies[transfers * 99 / 100] * 1000:F0} us");
        Console.WriteLine($"derivation (decode, check, re-execute)             {deriveRate,10:N0} /s   ratio to sequencer {deriveRate / sequencerRate:F2}");
        Console.WriteLine($"posted: {posted:N0} B in {channel.Blobs.Count} blobs = {perTransfer:F1} B per transfer (aim <= 80)");
        Console.WriteLine($"L1 transfer {l1TransferBytes} B; rollup: blob bytes {perTransfer:F1} B/transfer = {l1TransferBytes / perTransfer:F1}x; " +
            $"L1 block bytes (batch reference ~{referenceBytes} B) {(double)referenceBytes / transfers:F3} B/transfer = {l1TransferBytes * (double)transfers / referenceBytes:N0}x");
    }
}
