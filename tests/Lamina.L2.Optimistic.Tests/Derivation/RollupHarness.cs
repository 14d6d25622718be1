using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Tests.Derivation;

/// <summary>
/// L1, a sequencer with its batcher, and the L1 data they produce, in virtual time: an L1 block every second, an L2
/// block every 100 ms. Tests drive it one L1 block at a time and then derive a verifier from the L1 data alone.
/// </summary>
internal sealed class RollupHarness
{
    public const ulong GenesisHeight = 10, L1BlockMs = 1_000, L2BlockMs = 100;
    public static readonly Address BatcherAddress = TestKeys.Addr(0xBA);

    public static RollupConfig Config(ulong sequencingWindow = 8, ulong forcedWindow = 4) => new(
        TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer, BatcherAddress, GenesisHeight,
        sequencingWindow, forcedWindow, MaxSequencerDriftMs: 30_000, ChannelTimeout: 6);

    /// <summary>
    /// A config that L1's dispute game derives as derivation does: the node roles' delay buffer for its forced window
    /// (<see cref="DelayBufferConfig.ForWindow"/>, the one L1 applies), with the rules L1 records for it.
    /// </summary>
    public static (RollupConfig Config, L1.Rollups.Dispute.Derivation.DerivationRules Rules) ForL1Games(ulong sequencingWindow = 8, ulong forcedWindow = 4)
    {
        var config = Config(sequencingWindow, forcedWindow) with { DelayBuffer = DelayBufferConfig.ForWindow(forcedWindow) };
        return (config, new(config.GenesisL1Height, config.SequencingWindow, config.ForcedInclusionWindow, config.MaxSequencerDriftMs, config.ChannelTimeout));
    }

    private readonly List<ForcedTransaction> _forcedQueue = [];
    private ulong _deposits;

    public RollupHarness(RollupConfig config, bool includeForcedEarly = true, int maxBlobBytes = 130_048, ISmtNodeStore? store = null)
    {
        Rollup = config;
        Sequencer = new SequencerCore(config, store ?? new InMemorySmtNodeStore(), includeForcedEarly);
        Batcher = new Batcher(maxBlobBytes);
        L1 = new InMemoryRollupL1Source(GenesisHeight);
        // The registration block: no rollup data yet.
        AddL1Block([], [], []);
    }

    public RollupConfig Rollup { get; }
    public SequencerCore Sequencer { get; }
    public Batcher Batcher { get; }
    public InMemoryRollupL1Source L1 { get; }
    public ulong LastPosted { get; private set; }
    public ulong NextL1Height => L1.NextHeight;
    public ulong Now => (NextL1Height - 1) * L1BlockMs;

    /// <summary>Ten L2 ticks after the newest L1 block, with <paramref name="submit"/> called before each block.</summary>
    public void RunL2Interval(Action<int> submit)
    {
        for (var tick = 0; tick < (int)(L1BlockMs / L2BlockMs); tick++)
        {
            submit(tick);
            Sequencer.BuildBlock(Now + (ulong)tick * L2BlockMs + 50);
        }
    }

    /// <summary>A channel of every block not yet posted, as blobs from the batcher (none when nothing is new).</summary>
    private ulong _batches;

    public IReadOnlyList<BatchBlob> PostBatch()
    {
        var blobs = new List<BatchBlob>();
        while (Batcher.Prepare(Sequencer.GetBlock, LastPosted, Sequencer.Head.Number) is { } channel)
        {
            blobs.AddRange(channel.Blobs.Select(b => new BatchBlob(BatcherAddress, b)));
            LastPosted = channel.LastBlock;
        }
        return blobs;
    }

    public L1BlockData AddL1Block(IReadOnlyList<(Address To, ulong Amount)> deposits, IReadOnlyList<OptimisticBatchItem> forced, IReadOnlyList<BatchBlob> blobs,
        IReadOnlyList<OutputProposal>? outputs = null, ulong blobBaseFee = 0)
    {
        var height = NextL1Height;
        var depositList = deposits.Select(d => new L2Deposit(_deposits++, d.To, d.Amount)).ToList();
        var forcedList = forced.Select((f, i) => new ForcedTransaction((ulong)(_forcedQueue.Count + i), height, f)).ToList();
        _forcedQueue.AddRange(forcedList);
        // As the rollups module records them: one batch reference per L1 block that carries blobs, numbered from 0.
        if (blobs.Count > 0) blobs = [.. blobs.Select((b, i) => b with { Location = new BatchBlobLocation(_batches, (uint)i) })];
        if (blobs.Count > 0) _batches++;
        var block = new L1BlockData(height, height * L1BlockMs, depositList, forcedList, blobs, outputs ?? [], blobBaseFee);
        L1.Append(block);
        Sequencer.AddL1Block(block);
        return block;
    }

    /// <summary>A verifier that reads nothing but the L1 data, processed up to the newest block (stopping at withheld data).</summary>
    public DerivationPipeline Derive() => DeriveInto(new DerivationPipeline(Rollup, new InMemorySmtNodeStore()));

    public DerivationPipeline DeriveInto(DerivationPipeline verifier)
    {
        while (verifier.NextL1Height < L1.NextHeight)
        {
            if (verifier.Process(L1.Get(verifier.NextL1Height)) == DerivationStep.BlobUnavailable) break;
        }
        return verifier;
    }
}
