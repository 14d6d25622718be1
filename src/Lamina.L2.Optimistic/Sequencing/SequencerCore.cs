using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Sequencing;

/// <summary>
/// The sequencer's pure core: it admits transactions against the state after everything it has accepted, and builds
/// the next L2 block when asked, with the time passed in. Deposits and forced transactions come from the same
/// <see cref="L1Inbox"/> rules derivation uses, and each block is checked against <see cref="BatchBlockRules"/> as
/// if it were posted now, so an honest sequencer's unsafe chain is exactly what derivation will rebuild.
/// </summary>
public sealed class SequencerCore
{
    private readonly List<L2Block> _blocks;
    private readonly L2BlockExecutor _executor;
    private readonly PrunableSmtNodeStore? _prunable;
    private readonly BlockScratchSmtNodeStore _scratch;
    private readonly List<OptimisticBatchItem> _pending = [];
    private readonly List<Hash256> _pendingRoots = [];
    private Hash256 _pendingRoot;
    // The lowest fee admission asked of a pending transaction: a block whose origin asks no more keeps them all.
    private ulong _lowestAdmissionFee = ulong.MaxValue;
    private OptimisticStateMachine? _admissionMachine;

    public SequencerCore(RollupConfig config, ISmtNodeStore store, bool includeForcedEarly = true)
    {
        Config = config;
        IncludeForcedEarly = includeForcedEarly;
        Inbox = new L1Inbox(config);
        // Transactions write through a scratch layer; each block seals only its own state into the store.
        _scratch = new BlockScratchSmtNodeStore(store, workingTree: true);
        _executor = new L2BlockExecutor(config.NewMachine(_scratch));
        _prunable = store as PrunableSmtNodeStore;
        _blocks = [new L2Block(RollupConfig.GenesisHeader, [], [])];
        _pendingRoot = RollupConfig.GenesisHeader.StateRoot;
    }

    public RollupConfig Config { get; }
    public L1Inbox Inbox { get; }
    public OptimisticStateMachine Machine => _executor.Machine;
    /// <summary>False for the censor fault: forced transactions only when derivation would force them anyway.</summary>
    public bool IncludeForcedEarly { get; }
    public L2BlockHeader Head => _blocks[^1].Header;

    /// <summary>
    /// The first block whose state must stay readable (its owner sets it to the safe head: a reset onto derivation's
    /// blocks re-executes from there). With a <see cref="PrunableSmtNodeStore"/>, tree nodes reachable only from older
    /// states are dropped once the store has doubled, so it stays bounded.
    /// </summary>
    public ulong KeepStatesFrom { get; set; }
    public int PendingCount => _pending.Count;

    /// <summary>The accepted transactions the next block will hold, in order.</summary>
    public IReadOnlyList<OptimisticBatchItem> Pending => _pending;

    /// <summary>
    /// What admission charges: the fees of the newest L1 block, the origin the next block will most likely take. A
    /// block whose origin asks more is executed again, so one that pays too little for it is dropped, as derivation drops it.
    /// </summary>
    public OptimisticFeeSchedule AdmissionFees => Inbox.NextHeight > Config.GenesisL1Height ? Inbox.FeesAt(Inbox.NextHeight - 1) : Config.Fees;

    public L2Block? GetBlock(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    /// <summary>The forced-inclusion window the next block is held to, by the same delay buffer derivation keeps.</summary>
    public ulong ForcedWindow => Inbox.ForcedWindowAfter(Head);

    public void AddL1Block(L1BlockData block) => Inbox.Add(block);

    /// <summary>
    /// The most sequenced transactions one block takes: every block must fit a channel of
    /// <see cref="OptimisticChannelFrame.MaxFrames"/> blobs on its own (at most about 140 bytes a transfer compressed,
    /// against 190 a blob's share allows), and at one block per 100 ms it still admits 20,000 a second.
    /// </summary>
    public const int MaxPendingTransactions = 2_048;

    /// <summary>Admits a transaction if it applies on top of everything accepted so far; otherwise throws with the reason.</summary>
    public void Submit(OptimisticBatchItem item) => Submit(SignatureCheckedItem.Check(item, Config.ChainId, Config.RollupId));

    /// <summary>
    /// The ordered half of admission, for a transaction whose signature was checked ahead (on any core, see
    /// <see cref="AdmissionPipeline"/>): nonce, fee and balance against the state after everything accepted so far.
    /// </summary>
    public void Submit(SignatureCheckedItem item)
    {
        if (_pending.Count >= MaxPendingTransactions)
            throw new InvalidOperationException("the sequencer's pending block is full; retry after the next block");
        var fees = AdmissionFees;
        // One machine per fee schedule in force, not one per transaction.
        if (_admissionMachine is null || _admissionMachine.Fees != fees) _admissionMachine = Machine.WithFees(fees);
        _pendingRoot = _admissionMachine.ApplyChecked(_pendingRoot, item);
        _lowestAdmissionFee = Math.Min(_lowestAdmissionFee, fees.RequiredFee());
        _pending.Add(item.Item);
        _pendingRoots.Add(_pendingRoot);
    }

    /// <summary>The account as soft-confirmed: after the head and every accepted transaction.</summary>
    public OptimisticAccount PendingAccount(Address address) => Machine.GetAccount(_pendingRoot, address);

    /// <summary>
    /// Builds the next block at <paramref name="nowMs"/>: origin is the newest L1 block not ahead of that time (never
    /// below the parent's). Returns null when no valid block can be built (L1 silent for longer than the drift).
    /// </summary>
    public L2BlockResult? BuildBlock(ulong nowMs)
    {
        var parent = Head;
        if (Inbox.NextHeight == Config.GenesisL1Height) return null;
        var origin = Inbox.NextHeight - 1;
        while (origin > Math.Max(parent.L1Origin, Config.GenesisL1Height) && Inbox.TimestampOf(origin) > nowMs) origin--;
        var timestamp = Math.Max(Math.Max(nowMs, parent.TimestampMs + 1), Inbox.TimestampOf(origin));
        if (timestamp - Inbox.TimestampOf(origin) > Config.MaxSequencerDriftMs) return null;

        var requested = IncludeForcedEarly ? ulong.MaxValue : 0;
        var inputs = Inbox.InputsFor(parent, origin, timestamp, requested, [.. _pending]);
        var fees = inputs.Fees!.Value;
        // Admission already applied the pending transactions in order on the head's state; unless L1 inputs come first,
        // or the origin asks a higher fee than admission did (a transaction may now pay too little), that is the block,
        // and executing it again would only double the work. The fee rule changes no state, only who is refused.
        var result = inputs.Deposits.Count == 0 && inputs.Forced.Count == 0 && fees.RequiredFee() <= _lowestAdmissionFee
            ? new L2BlockResult(_executor.Assemble(parent, inputs, _pendingRoots), [])
            : _executor.Execute(parent, inputs);
        _blocks.Add(result.Block);
        _pending.Clear();
        _pendingRoots.Clear();
        _lowestAdmissionFee = ulong.MaxValue;
        _pendingRoot = result.Block.Header.StateRoot;
        _scratch.Seal(_pendingRoot);
        _prunable?.PruneIfGrown(RetainedRoots());
        return result;
    }

    /// <summary>The states that stay readable: every block from <see cref="KeepStatesFrom"/> to the head, and the pending one.</summary>
    private IEnumerable<Hash256> RetainedRoots()
    {
        for (var n = Math.Min(KeepStatesFrom, Head.Number); n <= Head.Number; n++) yield return _blocks[(int)n].Header.StateRoot;
        yield return _pendingRoot;
    }

    /// <summary>
    /// Re-executes a block from the journal after a restart (the inbox must hold L1 up to its origin) and checks that
    /// it comes out identical, so a damaged journal is found rather than built upon.
    /// </summary>
    public void Restore(L2Block block)
    {
        var parent = Head;
        var header = block.Header;
        var sequenced = new List<OptimisticBatchItem>();
        foreach (var tx in block.Transactions)
        {
            if (tx.Kind == L2TxKind.Sequenced) sequenced.Add(tx.Item);
        }
        var inputs = Inbox.InputsFor(parent, header.L1Origin, header.TimestampMs, header.NextForced - parent.NextForced, sequenced);
        var rebuilt = _executor.Execute(parent, inputs).Block;
        if (rebuilt.Hash != block.Hash)
            throw new InvalidL2BlockException(L2BlockError.BodyMismatch, $"journal block {header.Number} re-executes to {rebuilt.Hash}, not {block.Hash}");
        _blocks.Add(rebuilt);
        _pendingRoot = rebuilt.Header.StateRoot;
        _scratch.Seal(_pendingRoot);
        _pendingRoots.Clear();
        _lowestAdmissionFee = ulong.MaxValue;
    }

    /// <summary>
    /// Replaces the unsafe chain from the first of <paramref name="derived"/> on with derivation's blocks (when a batch did not make
    /// it in time and derivation built or accepted other blocks); pending transactions are re-admitted where they still apply.
    /// Derivation's blocks are re-executed here (and must come out identical), so their states are in this core's store.
    /// </summary>
    public void ResetTo(IReadOnlyList<L2Block> derived)
    {
        if (derived.Count == 0) return;
        var from = derived[0].Header.Number;
        if (from == 0 || from > (ulong)_blocks.Count) throw new ArgumentException($"cannot reset to block {from}");
        _blocks.RemoveRange((int)from, _blocks.Count - (int)from);
        foreach (var block in derived) Restore(block);
        var pending = _pending.ToArray();
        _pending.Clear();
        _pendingRoots.Clear();
        _lowestAdmissionFee = ulong.MaxValue;
        _pendingRoot = Head.StateRoot;
        foreach (var item in pending)
        {
            try
            {
                Submit(item);
            }
            catch (InvalidOptimisticTransactionException)
            {
            }
        }
    }

    /// <summary>The block as a channel carries it.</summary>
    public static OptimisticBatchBlock ToBatchBlock(L2Block block, L2BlockHeader parent)
    {
        var sequenced = new List<OptimisticBatchItem>(block.Transactions.Count);
        foreach (var tx in block.Transactions)
        {
            if (tx.Kind == L2TxKind.Sequenced) sequenced.Add(tx.Item);
        }
        return new OptimisticBatchBlock(block.Header.Number, block.Header.TimestampMs, block.Header.L1Origin,
            block.Header.NextForced - parent.NextForced, sequenced);
    }
}
