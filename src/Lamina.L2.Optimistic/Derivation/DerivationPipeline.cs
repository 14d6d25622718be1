using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>What one step of derivation did with an L1 block.</summary>
public enum DerivationStep
{
    Advanced,
    /// <summary>A batch blob of this L1 block is not available: nothing changed, try the same block again later.</summary>
    BlobUnavailable,
}

/// <summary>
/// Rebuilds the L2 chain from L1 data alone, one finalized L1 block at a time, deterministically: deposits and forced
/// transactions from L1's queues, the sequencer's blocks from channels in blobs posted by the batcher. A block that
/// breaks <see cref="BatchBlockRules"/> is refused with the rest of its channel; user transactions that fail are
/// dropped by the executor. When the sequencer has posted nothing for a sequencing window, derivation builds the
/// blocks itself (deposits and due forced transactions only), so a silent or censoring sequencer cannot stall the
/// chain or keep a forced transaction out. A block whose blob is unavailable stops derivation at that L1 height, so a
/// withheld batch never becomes the basis of a safe head.
/// </summary>
public sealed class DerivationPipeline
{
    private readonly List<L2Block> _blocks;
    private readonly L2BlockExecutor _executor;
    private readonly ChannelBank _channels;
    private readonly DelayBufferTrack _delayBuffer;
    private readonly PrunableSmtNodeStore? _prunable;
    private readonly BlockScratchSmtNodeStore _scratch;
    private readonly List<OutputProposal> _unchecked = [];
    private readonly List<OutputMismatch> _mismatches = [];
    private readonly List<RejectedBatchBlock> _rejected = [];
    private readonly Dictionary<ulong, DerivedBlockRecord> _records = [];
    private ulong _recordsFrom = 1;
    private FinalizedOutput? _finalizedOnL1;

    private readonly VerifiedSignatures? _verified;

    /// <param name="verified">Signatures the caller already checked (a sequencer deriving its own batches); none for a verifier.</param>
    public DerivationPipeline(RollupConfig config, ISmtNodeStore store, VerifiedSignatures? verified = null)
    {
        _verified = verified;
        Config = config;
        Store = store;
        Inbox = new L1Inbox(config);
        // As the sequencer executes: every transaction's root is computed (the header commits to them), but only each
        // block's own state reaches the store; a challenger rebuilds an intermediate state from its block's parent.
        _scratch = new BlockScratchSmtNodeStore(store, workingTree: true);
        _executor = new L2BlockExecutor(config.NewMachine(_scratch));
        _channels = new ChannelBank(config.ChannelTimeout);
        _delayBuffer = new DelayBufferTrack(config);
        _prunable = store as PrunableSmtNodeStore;
        _blocks = [new L2Block(RollupConfig.GenesisHeader, [], [])];
        Finalized = RollupConfig.GenesisHeader;
    }

    public RollupConfig Config { get; }

    /// <summary>
    /// The state tree's nodes: every retained block's state (see <see cref="RetainedRoots"/>), none between two
    /// transactions (<see cref="Agents.ChainOutputHistory"/> re-executes from the block's parent for a step proof there).
    /// </summary>
    public ISmtNodeStore Store { get; }

    public L1Inbox Inbox { get; }
    public OptimisticStateMachine Machine => _executor.Machine;
    public ulong NextL1Height => Inbox.NextHeight;
    public L2BlockHeader Safe => _blocks[^1].Header;
    public L2BlockHeader Finalized { get; private set; }
    public IReadOnlyList<OutputMismatch> Mismatches => _mismatches;
    public IReadOnlyList<RejectedBatchBlock> Rejected => _rejected;
    /// <summary>Blocks derivation built itself because the sequencer posted nothing for a window.</summary>
    public ulong AutoBlocks { get; private set; }

    public L2Block? GetBlock(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    /// <summary>
    /// Where block <paramref name="number"/> came from and what it was built from, for every block from the finalized
    /// head on (what a challenger may have to play); null for older blocks, whose records are pruned as the head finalizes.
    /// </summary>
    public DerivedBlockRecord? GetRecord(ulong number) => _records.GetValueOrDefault(number);

    /// <summary>How many block records are held (every block from the finalized head on).</summary>
    public int RecordCount => _records.Count;

    /// <summary>The forced-inclusion window the next block is held to (shrunk by the delay buffer after delays).</summary>
    public ulong ForcedWindow => _delayBuffer.WindowAfter(Safe.Number);

    public DelayBufferState DelayBufferAfter(ulong blockNumber) => _delayBuffer.After(blockNumber);

    public DerivationStep Process(L1BlockData data)
    {
        if (data.Height != Inbox.NextHeight) throw new ArgumentException($"l1 block {data.Height} where {Inbox.NextHeight} is next");
        foreach (var blob in data.Blobs)
        {
            if (blob.Poster == Config.Batcher && !blob.Available) return DerivationStep.BlobUnavailable;
        }
        Inbox.Add(data);
        foreach (var blob in data.Blobs)
        {
            if (blob.Poster != Config.Batcher) continue;
            var channel = _channels.Add(data.Height, blob.Data!, blob.Location);
            if (channel is not null) ApplyChannel(data.Height, channel);
        }
        _channels.Expire(data.Height);

        // Block 0's origin is 0: the window counts from where the rollup starts reading L1.
        while (Math.Max(Safe.L1Origin, Config.GenesisL1Height) + Config.SequencingWindow < data.Height) BuildAutoBlock(data.Height);

        _unchecked.AddRange(data.Outputs);
        CheckOutputs();
        return DerivationStep.Advanced;
    }

    /// <summary>Takes the newest output root that finalized on L1; the finalized head follows it once derived and equal.</summary>
    public void ObserveFinalized(FinalizedOutput output)
    {
        if (_finalizedOnL1 is { } known && known.L2BlockNumber >= output.L2BlockNumber) return;
        _finalizedOnL1 = output;
        CheckOutputs();
    }

    private void ApplyChannel(ulong height, CompletedChannel channel)
    {
        IReadOnlyList<OptimisticBatchBlock> blocks;
        try
        {
            blocks = OptimisticChannelPayload.Decompress(channel.Bytes);
        }
        catch (CodecException)
        {
            _rejected.Add(new RejectedBatchBlock(height, 0, BatchRejection.Malformed));
            return;
        }
        // The signatures of every block still to derive are checked across cores from the start, so applying the
        // transactions in order on this thread never waits at a block boundary for the next block's checks.
        var sequenced = new List<OptimisticBatchItem>();
        foreach (var block in blocks)
        {
            if (block.Number > Safe.Number) sequenced.AddRange(block.Transactions);
        }
        var signatures = SignatureChunks.Start(sequenced, Config.ChainId, Config.RollupId, _verified);
        var offset = 0;
        foreach (var block in blocks)
        {
            if (block.Number <= Safe.Number) continue; // already derived (a repost, or a block derivation built itself)
            if (BatchBlockRules.Check(Config, Inbox, Safe, block, height) is { } reason)
            {
                _rejected.Add(new RejectedBatchBlock(height, block.Number, reason));
                return;
            }
            Append(height, channel.Frames, block.L1Origin, block.TimestampMs, block.ForcedCount, block.Transactions, signatures.From(offset));
            offset += block.Transactions.Count;
        }
    }

    private void BuildAutoBlock(ulong height)
    {
        var origin = Math.Max(Safe.L1Origin + 1, Config.GenesisL1Height);
        Append(height, null, origin, Math.Max(Safe.TimestampMs + 1, Inbox.TimestampOf(origin)), 0, []);
        AutoBlocks++;
    }

    private void Append(ulong height, IReadOnlyList<ChannelSourceFrame>? frames, ulong origin, ulong timestampMs, ulong forcedRequested,
        IReadOnlyList<OptimisticBatchItem> sequenced, SignatureChecks? signatures = null)
    {
        var parent = Safe;
        var inputs = new L2BlockInputs(origin, timestampMs, Inbox.DepositsFor(parent.NextDeposit, origin),
            Inbox.ForcedFor(parent.NextForced, origin, forcedRequested, ForcedWindow), sequenced, Inbox.FeesAt(origin));
        L2BlockResult result;
        try
        {
            result = _executor.Execute(parent, inputs, signatures);
        }
        catch
        {
            _scratch.Discard(); // a refused block leaves no nodes behind
            throw;
        }
        var block = result.Block;
        _scratch.Seal(block.Header.StateRoot);
        _blocks.Add(block);
        _records[block.Header.Number] = new DerivedBlockRecord(height, frames, inputs, result.Dropped);
        _delayBuffer.Append(block.Header, parent.NextForced, Inbox);
        _prunable?.PruneIfGrown(RetainedRoots());
    }

    /// <summary>
    /// The states that stay readable with a <see cref="PrunableSmtNodeStore"/>: every block from the finalized head on
    /// (withdrawal proofs are against the finalized state; a challenger steps through any later block), none before.
    /// </summary>
    private IEnumerable<Core.Hash256> RetainedRoots()
    {
        for (var n = Finalized.Number; n <= Safe.Number; n++) yield return _blocks[(int)n].Header.StateRoot;
    }

    private void CheckOutputs()
    {
        for (var i = _unchecked.Count - 1; i >= 0; i--)
        {
            var proposal = _unchecked[i];
            if (GetBlock(proposal.L2BlockNumber) is not { } block) continue;
            var derived = block.Header.Output.Root;
            if (derived != proposal.OutputRoot) _mismatches.Add(new OutputMismatch(proposal.L2BlockNumber, proposal.OutputRoot, derived));
            _unchecked.RemoveAt(i);
        }
        if (_finalizedOnL1 is not { } final || final.L2BlockNumber <= Finalized.Number) return;
        if (GetBlock(final.L2BlockNumber) is not { } finalBlock) return;
        if (finalBlock.Header.Output.Root == final.OutputRoot)
        {
            Finalized = finalBlock.Header;
            for (; _recordsFrom < Finalized.Number; _recordsFrom++) _records.Remove(_recordsFrom);
        }
        else if (!_mismatches.Exists(m => m.L2BlockNumber == final.L2BlockNumber && m.Posted == final.OutputRoot))
            _mismatches.Add(new OutputMismatch(final.L2BlockNumber, final.OutputRoot, finalBlock.Header.Output.Root));
    }
}
