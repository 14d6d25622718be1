using System.Diagnostics;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;

/// <summary>
/// Where derivation's CPU goes, per transfer, on one thread (process CPU time): decompressing and decoding the channel,
/// checking the signatures, and the whole derivation on the node's pruned store and on a plain in-memory store.
/// Usage: derive-breakdown [n]
/// </summary>
internal static class DerivationBreakdownBench
{
    private const ulong ChainId = 7, RollupId = 1;

    public static void Run(int transfers, bool orderedOnly = false)
    {
        var keys = Enumerable.Range(0, 200).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();
        var config = new RollupConfig(ChainId, RollupId, new Address(new byte[20]), new Address([.. Enumerable.Repeat((byte)0xBA, 20)]), 1,
            SequencingWindow: 1_000, ForcedInclusionWindow: 1_000, MaxSequencerDriftMs: 600_000, ChannelTimeout: 10);
        var l1Genesis = new L1BlockData(1, 1_000, [.. keys.Select((k, i) => new L2Deposit((ulong)i, k.Address, 1UL << 50))], [], [], []);
        var random = new Random(13);
        var nonces = new ulong[keys.Length];
        var items = new OptimisticBatchItem[transfers];
        for (var i = 0; i < transfers; i++)
        {
            var from = random.Next(keys.Length);
            items[i] = OptimisticBatchItem.From(OptimisticTransfer.Create(keys[from], ChainId, RollupId, keys[random.Next(keys.Length)].Address,
                (ulong)random.Next(1, 1_000_000), (ulong)random.Next(1 << 14), nonces[from]++));
        }
        var sequencer = OptimisticBench.RunPipelined(config, l1Genesis, items);
        var channels = new Batcher(130_048).PrepareAll(sequencer.GetBlock, 0, sequencer.Head.Number);
        var channelBlobs = channels.SelectMany(c => c.Blobs).ToList();
        var blobs = channelBlobs.Select(b => new BatchBlob(config.Batcher, b)).ToList();

        if (orderedOnly)
        {
            // For a profiler: the sequencer's ordered path alone, repeated.
            var ahead = SignatureCheckedItem.CheckAll(items, ChainId, RollupId).Select(c => c!).ToArray();
            for (var round = 0; round < 10; round++) Measure("ordered: submit and blocks", transfers, () => Ordered(config, l1Genesis, ahead, buildBlocks: true));
            return;
        }
        Console.WriteLine($"{transfers} transfers, CPU time per transfer (process), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Measure("decompress + decode channel", transfers, () => { foreach (var c in channels) OptimisticChannelPayload.Decompress(c.Channel); });
        Measure("signatures, one thread", transfers, () => SignatureCheckedItem.CheckAll(items, ChainId, RollupId, maxDegree: 1));
        Measure("derivation, pruned store", transfers, () => Derive(config, l1Genesis, blobs, new PrunableSmtNodeStore(), sequencer.Head));
        Measure("derivation, in-memory store", transfers, () => Derive(config, l1Genesis, blobs, new InMemorySmtNodeStore(), sequencer.Head));
        Measure("sequencer one thread (submit, blocks)", transfers,
            () => OptimisticBench.RunOneByOne(new SequencerCore(config, new PrunableSmtNodeStore()), l1Genesis, items, new double[transfers]));
        // The sequencer's ordered path alone: signatures checked ahead (as admission's checking stage does), then the
        // stateful rules with a root per transaction and the blocks, then the channel.
        var checkedItems = SignatureCheckedItem.CheckAll(items, ChainId, RollupId).Select(c => c!).ToArray();
        Measure("  ordered: submit (rules, roots)", transfers, () => Ordered(config, l1Genesis, checkedItems, buildBlocks: false));
        Measure("  ordered: submit and blocks", transfers, () => Ordered(config, l1Genesis, checkedItems, buildBlocks: true));
        Measure("  channel (encode, Brotli, frames)", transfers, () => new Batcher(130_048, maxChannelPayload: 64 << 20).Prepare(sequencer.GetBlock, 0, sequencer.Head.Number));
    }

    private static void Ordered(RollupConfig config, L1BlockData genesis, SignatureCheckedItem[] items, bool buildBlocks)
    {
        var core = new SequencerCore(config, new PrunableSmtNodeStore());
        core.AddL1Block(genesis);
        core.BuildBlock(1_001);
        ulong now = 1_002;
        for (var i = 0; i < items.Length; i++)
        {
            // Without blocks the pending block would pass its limit: a block per 1,000 keeps its cost out of the figure.
            core.Submit(items[i]);
            if ((i + 1) % (buildBlocks ? 100 : 1_000) == 0) core.BuildBlock(now++);
        }
    }

    private static void Derive(RollupConfig config, L1BlockData genesis, List<BatchBlob> blobs, ISmtNodeStore store, L2BlockHeader expected)
    {
        var verifier = new DerivationPipeline(config, store);
        verifier.Process(genesis);
        verifier.Process(new L1BlockData(2, 2_000, [], [], blobs, []));
        if (verifier.Safe != expected) throw new InvalidOperationException("derivation did not reach the sequencer's head");
    }

    private static void Measure(string label, int count, Action run)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            run();
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - cpu).TotalMicroseconds / count);
        }
        Console.WriteLine($"  {label,-40} {best,8:F1} us CPU");
    }
}
