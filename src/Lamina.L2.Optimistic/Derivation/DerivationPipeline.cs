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
/// transactions from L1's queues, the sequencer's blocks from channels in blobs posted by the batcher. Each channel
/// entry is judged on its own against its parent (<see cref="BatchBlockRules"/>, at the L1 height its channel
/// completed): an entry for the next block that breaks them is refused, and one for a later block is kept until its
/// parent is derived, so block N is always the first entry for N on L1 that is valid against block N − 1 — the rule
/// L1's dispute game applies when it derives a block's list, which sees one entry and its parent, never the rest of
/// the channel or when the parent was derived. User transactions that fail are dropped by the executor. When the sequencer has posted nothing for a sequencing window, derivation builds the
/// blocks itself (deposits and due forced transactions only), so a silent or censoring sequencer cannot stall the
/// chain or keep a forced transaction out. A block whose blob is unavailable stops derivation at that L1 height, so a
/// withheld batch never becomes the basis of a safe head.
/// </summary>
public sealed class DerivationPipeline
{
    private readonly List<L2Block> _blocks;
    private readonly L2BlockExecutor _executor;
    private readonly ChannelBank _channels;
    private readonly PrunableSmtNodeStore? _prunable;
    private readonly BlockScratchSmtNodeStore _scratch;
    private readonly List<OutputProposal> _unchecked = [];
    private readonly List<OutputMismatch> _mismatches = [];
    private readonly List<RejectedBatchBlock> _rejected = [];
    private readonly SortedDictionary<ulong, List<RetainedEntry>> _retained = [];
    private readonly Dictionary<ulong, DerivedBlockRecord> _records = [];
    private ulong _recordsFrom = 1;
    // Every output proposal not yet behind the finalized head, with the finalized head when it was met (see KeepFrom).
    private readonly List<(ulong Block, ulong FinalizedAt)> _openProposals = [];
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

    /// <summary>How many block records are held (every block from <see cref="KeepFrom"/> on).</summary>
    public int RecordCount => _records.Count;

    /// <summary>
    /// The first block whose record and state are kept: the finalized head, or earlier while a game may still need
    /// earlier blocks. A game over an output is anchored at the newest output final when the game was created, and
    /// outputs between them may finalize while it is played; so every block from the finalized head as it stood when
    /// the oldest still-open output was proposed is kept (met on L1 after this pipeline's own finalized head, which
    /// only lags L1's, so never after a game's anchor). Without it a challenger lost the states a game needed once
    /// later outputs finalized, and could not answer (simulation seeds 31036, 70010).
    /// </summary>
    public ulong KeepFrom
    {
        get
        {
            var from = Finalized.Number;
            foreach (var (block, finalizedAt) in _openProposals)
                if (block > Finalized.Number) from = Math.Min(from, finalizedAt);
            return from;
        }
    }

    /// <summary>The forced-inclusion window the next block is held to (shrunk by the delay buffer after delays).</summary>
    public ulong ForcedWindow => Inbox.ForcedWindowAfter(Safe);

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
        foreach (var output in data.Outputs) _openProposals.Add((output.L2BlockNumber, Finalized.Number));
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
        var start = Safe.Number;
        foreach (var block in blocks)
        {
            if (block.Number > start) sequenced.AddRange(block.Transactions);
        }
        var signatures = SignatureChunks.Start(sequenced, Config.ChainId, Config.RollupId, _verified);
        var offset = 0;
        foreach (var block in blocks)
        {
            if (block.Number <= start) continue;
            var at = offset;
            offset += block.Transactions.Count;
            if (block.Number <= Safe.Number) continue; // already derived (a repost, or a block derivation built itself)
            if (block.Number > Safe.Number + 1)
            {
                Retain(new RetainedEntry(height, channel.Frames, block));
                continue;
            }
            if (BatchBlockRules.Check(Config, Inbox, Safe, block, height) is { } reason)
            {
                _rejected.Add(new RejectedBatchBlock(height, block.Number, reason));
                continue;
            }
            Append(height, channel.Frames, block.L1Origin, block.TimestampMs, block.ForcedCount, block.Transactions, signatures.From(at));
            ApplyRetained();
        }
    }

    /// <summary>Keeps an entry for a block beyond the next, in the order derivation met it on L1.</summary>
    private void Retain(RetainedEntry entry)
    {
        if (!_retained.TryGetValue(entry.Block.Number, out var list)) _retained[entry.Block.Number] = list = [];
        list.Add(entry);
    }

    /// <summary>
    /// Derives the next blocks from kept entries while there is one: for each, the first kept entry valid against the
    /// new parent (judged at its own channel's height). Entries for derived blocks, and entries whose origin is below
    /// the safe head's (never valid again: origins do not go back), are dropped.
    /// </summary>
    private void ApplyRetained()
    {
        while (_retained.Count > 0)
        {
            var (number, entries) = _retained.First();
            if (number <= Safe.Number)
            {
                _retained.Remove(number);
                continue;
            }
            if (number > Safe.Number + 1) break;
            _retained.Remove(number);
            RetainedEntry? chosen = null;
            foreach (var entry in entries)
            {
                if (BatchBlockRules.Check(Config, Inbox, Safe, entry.Block, entry.Height) is { } reason)
                {
                    _rejected.Add(new RejectedBatchBlock(entry.Height, number, reason));
                    continue;
                }
                chosen = entry;
                break;
            }
            if (chosen is null) break;
            Append(chosen.Height, chosen.Frames, chosen.Block.L1Origin, chosen.Block.TimestampMs, chosen.Block.ForcedCount, chosen.Block.Transactions);
        }
        PruneRetained();
    }

    private void PruneRetained()
    {
        List<ulong>? empty = null;
        foreach (var (number, entries) in _retained)
        {
            entries.RemoveAll(e => e.Block.L1Origin < Safe.L1Origin);
            if (entries.Count == 0) (empty ??= []).Add(number);
        }
        if (empty is not null) foreach (var number in empty) _retained.Remove(number);
    }

    /// <summary>How many channel entries for later blocks are kept (diagnostics and tests).</summary>
    public int RetainedEntries
    {
        get
        {
            var count = 0;
            foreach (var entries in _retained.Values) count += entries.Count;
            return count;
        }
    }

    private void BuildAutoBlock(ulong height)
    {
        var origin = Math.Max(Safe.L1Origin + 1, Config.GenesisL1Height);
        Append(height, null, origin, Math.Max(Safe.TimestampMs + 1, Inbox.TimestampOf(origin)), 0, []);
        AutoBlocks++;
        ApplyRetained();
    }

    private void Append(ulong height, IReadOnlyList<ChannelSourceFrame>? frames, ulong origin, ulong timestampMs, ulong forcedRequested,
        IReadOnlyList<OptimisticBatchItem> sequenced, SignatureChecks? signatures = null)
    {
        var parent = Safe;
        var inputs = Inbox.InputsFor(parent, origin, timestampMs, forcedRequested, sequenced);
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
        _prunable?.PruneIfGrown(RetainedRoots());
    }

    /// <summary>
    /// The states that stay readable with a <see cref="PrunableSmtNodeStore"/>: every block from <see cref="KeepFrom"/> on
    /// (withdrawal proofs are against the finalized state; a challenger steps through any later block), none before.
    /// </summary>
    private IEnumerable<Core.Hash256> RetainedRoots()
    {
        for (var n = KeepFrom; n <= Safe.Number; n++) yield return _blocks[(int)n].Header.StateRoot;
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
            _openProposals.RemoveAll(p => p.Block <= Finalized.Number);
            for (var keepFrom = KeepFrom; _recordsFrom < keepFrom; _recordsFrom++) _records.Remove(_recordsFrom);
        }
        else if (!_mismatches.Exists(m => m.L2BlockNumber == final.L2BlockNumber && m.Posted == final.OutputRoot))
            _mismatches.Add(new OutputMismatch(final.L2BlockNumber, final.OutputRoot, finalBlock.Header.Output.Root));
    }
}
