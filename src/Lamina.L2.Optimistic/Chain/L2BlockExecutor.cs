using Lamina.Core;

namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// Builds and executes one L2 block on top of its parent, purely: deposits first, then forced transactions, then the
/// sequencer's. A transaction the state machine refuses (bad signature, nonce, fee, balance) is dropped, not fatal,
/// so a sequencer that posts a bad transaction cannot halt derivation, and every node drops exactly the same ones.
/// Inputs that break the chain's own rules (queue gaps, time or origin going backwards) are refused with
/// <see cref="InvalidL2BlockException"/>: those are the caller's bug or a malformed batch, never a user's fault.
/// </summary>
public sealed class L2BlockExecutor(OptimisticStateMachine machine)
{
    public OptimisticStateMachine Machine { get; } = machine;

    public L2BlockResult Execute(L2BlockHeader parent, L2BlockInputs inputs) => Execute(parent, inputs, null);

    /// <summary>
    /// As <see cref="Execute(L2BlockHeader, L2BlockInputs)"/>, with the sequenced transactions' signature checks
    /// already started by the caller (<paramref name="signatures"/> must be for exactly <c>inputs.Sequenced</c>, in order).
    /// </summary>
    internal L2BlockResult Execute(L2BlockHeader parent, L2BlockInputs inputs, SignatureChecks? signatures)
    {
        CheckOrder(parent, inputs);
        var machine = inputs.Fees is { } fees ? Machine.WithFees(fees) : Machine;
        var transactions = new List<L2Transaction>(inputs.Deposits.Count + inputs.Forced.Count + inputs.Sequenced.Count);
        var roots = new List<Hash256>(transactions.Capacity);
        var dropped = new List<DroppedTransaction>();
        var root = parent.StateRoot;

        var nextDeposit = parent.NextDeposit;
        for (var i = 0; i < inputs.Deposits.Count; i++)
        {
            var deposit = inputs.Deposits[i];
            if (deposit.Index != nextDeposit)
                throw new InvalidL2BlockException(L2BlockError.QueueGap, $"deposit {deposit.Index} where {nextDeposit} is next");
            nextDeposit = checked(nextDeposit + 1);
            // A deposit from L1's queue in order always applies (a credit that would overflow is skipped, the deposit
            // still consumed: the state's deposit cursor must follow the header's counter).
            if (TryApply(ref root, r => machine.ApplyDeposit(r, deposit.Index, deposit.Recipient, deposit.Amount), L2TxKind.Deposit, i, dropped))
                Record(L2Transaction.FromDeposit(deposit));
        }

        var forcedItems = new OptimisticBatchItem[inputs.Forced.Count];
        for (var i = 0; i < forcedItems.Length; i++) forcedItems[i] = inputs.Forced[i].Item;
        var forcedChecked = CheckSignatures(forcedItems);
        var nextForced = parent.NextForced;
        for (var i = 0; i < inputs.Forced.Count; i++)
        {
            var forced = inputs.Forced[i];
            if (forced.Index != nextForced)
                throw new InvalidL2BlockException(L2BlockError.QueueGap, $"forced transaction {forced.Index} where {nextForced} is next");
            nextForced = checked(nextForced + 1);
            var item = forcedChecked[i];
            if (TryApply(ref root, r => ApplyChecked(machine, r, item, forced.Item.Kind), L2TxKind.Forced, i, dropped))
                Record(L2Transaction.FromForced(forced));
        }

        var sequenced = inputs.Sequenced;
        var checking = signatures ?? SignatureChunks.Start(sequenced, Machine.Context.ChainId, Machine.Context.RollupId).From(0);
        for (var i = 0; i < sequenced.Count; i++)
        {
            var item = checking.Get(i);
            var kind = sequenced[i].Kind;
            if (TryApply(ref root, r => ApplyChecked(machine, r, item, kind), L2TxKind.Sequenced, i, dropped))
                Record(L2Transaction.FromSequenced(sequenced[i]));
        }

        return new L2BlockResult(Seal(parent, inputs, nextDeposit, nextForced, transactions, roots), dropped);

        void Record(L2Transaction tx)
        {
            transactions.Add(tx);
            roots.Add(root);
        }
    }

    /// <summary>
    /// Signatures are checked for the whole list first, across cores: a signature depends on the transaction alone and
    /// is the rules' first check, so this changes no outcome, only how fast a verifier re-derives a block.
    /// </summary>
    private SignatureCheckedItem?[] CheckSignatures(IReadOnlyList<OptimisticBatchItem> items) =>
        SignatureCheckedItem.CheckAll(items, Machine.Context.ChainId, Machine.Context.RollupId);

    private static Hash256 ApplyChecked(OptimisticStateMachine machine, Hash256 root, SignatureCheckedItem? item, OptimisticTxKind kind) =>
        item is null ? throw SignatureCheckedItem.BadSignatureFor(kind) : machine.ApplyChecked(root, item);

    /// <summary>
    /// The block for sequenced transactions that were already applied one by one on top of the parent's state (the
    /// sequencer's admission), with the roots that gave: the same block <see cref="Execute(L2BlockHeader, L2BlockInputs)"/> builds, without executing
    /// everything a second time. Only for a block without deposits or forced transactions.
    /// </summary>
    public L2Block Assemble(L2BlockHeader parent, L2BlockInputs inputs, IReadOnlyList<Hash256> roots)
    {
        if (inputs.Deposits.Count != 0 || inputs.Forced.Count != 0) throw new ArgumentException("a block with L1 inputs must be executed", nameof(inputs));
        if (roots.Count != inputs.Sequenced.Count) throw new ArgumentException("one root per transaction", nameof(roots));
        CheckOrder(parent, inputs);
        var transactions = new List<L2Transaction>(inputs.Sequenced.Count);
        foreach (var item in inputs.Sequenced) transactions.Add(L2Transaction.FromSequenced(item));
        return Seal(parent, inputs, parent.NextDeposit, parent.NextForced, transactions, [.. roots]);
    }

    private static void CheckOrder(L2BlockHeader parent, L2BlockInputs inputs)
    {
        if (inputs.L1Origin < parent.L1Origin)
            throw new InvalidL2BlockException(L2BlockError.OriginRegressed, $"l1 origin {inputs.L1Origin} is below the parent's {parent.L1Origin}");
        if (inputs.TimestampMs <= parent.TimestampMs)
            throw new InvalidL2BlockException(L2BlockError.BadTimestamp, $"timestamp {inputs.TimestampMs} does not follow the parent's {parent.TimestampMs}");
    }

    private static L2Block Seal(L2BlockHeader parent, L2BlockInputs inputs, ulong nextDeposit, ulong nextForced, List<L2Transaction> transactions, List<Hash256> roots)
    {
        if (transactions.Count > L2Block.MaxTransactions)
            throw new InvalidL2BlockException(L2BlockError.BodyMismatch, $"{transactions.Count} transactions exceed the block limit {L2Block.MaxTransactions}");
        var stateRoot = roots.Count == 0 ? parent.StateRoot : roots[^1];
        var header = new L2BlockHeader(checked(parent.Number + 1), parent.Hash, inputs.L1Origin, inputs.TimestampMs, nextDeposit, nextForced,
            inputs.DelayBufferDeficit, (uint)transactions.Count, L2Block.TxRootOf(transactions), stateRoot);
        return new L2Block(header, transactions, roots);
    }

    private static bool TryApply(ref Hash256 root, Func<Hash256, Hash256> apply, L2TxKind kind, int position, List<DroppedTransaction> dropped)
    {
        try
        {
            root = apply(root);
            return true;
        }
        catch (InvalidOptimisticTransactionException e)
        {
            dropped.Add(new DroppedTransaction(kind, position, e.Error));
            return false;
        }
        catch (OverflowException)
        {
            // A nonce at u64::MAX cannot advance.
            dropped.Add(new DroppedTransaction(kind, position, OptimisticTransitionError.BadNonce));
            return false;
        }
    }
}
