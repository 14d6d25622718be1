using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The optimistic rollup's account state: (balance, nonce) leaves in Core's sparse Merkle tree keyed by a hash of the
/// address. Every applied transaction yields a new root, so a batch produces the intermediate roots the dispute game
/// bisects over. Withdrawals burn the amount and leave a receipt in the same tree (own key space), which the output
/// root therefore commits to. Deterministic, checked arithmetic, fees (at least <see cref="Fees"/>) credited to the
/// sequencer.
/// </summary>
public sealed class OptimisticStateMachine(ISmtNodeStore store, ulong chainId, ulong rollupId, Address sequencer, OptimisticFeeSchedule fees = default, IL1DepositQueue? deposits = null)
{
    private static readonly DomainTag AccountKeyTag = new("lamina/l2/optimistic/account-key");
    private readonly SparseMerkleTree _tree = new(store);

    /// <summary>
    /// A small direct-mapped memo of recent keys, per thread: a transfer touches three accounts and the same ones keep
    /// coming back (the sequencer's on every transaction), and each key is a SHA-256. The key is a pure function of the
    /// address, so a stale entry cannot exist, only a miss.
    /// </summary>
    [ThreadStatic] private static (Address Address, Hash256 Key)[]? s_recentKeys;
    private const int RecentKeySlots = 1 << 10; // 56 KB a thread

    public static Hash256 AccountKey(Address address)
    {
        var recent = s_recentKeys ??= new (Address, Hash256)[RecentKeySlots];
        ref var slot = ref recent[address.GetHashCode() & (RecentKeySlots - 1)];
        if (!slot.Key.IsZero && slot.Address == address) return slot.Key;
        Span<byte> bytes = stackalloc byte[Address.Size];
        address.CopyTo(bytes);
        var key = DomainHasher.Hash(AccountKeyTag, bytes);
        slot = (address, key);
        return key;
    }

    public OptimisticFeeSchedule Fees => Context.Fees;

    /// <summary>The same state under another fee schedule (an L2 block's, from its L1 origin's blob base fee).</summary>
    public OptimisticStateMachine WithFees(OptimisticFeeSchedule schedule) =>
        schedule == Fees ? this : new OptimisticStateMachine(store, Context.ChainId, Context.RollupId, Context.Sequencer, schedule, Context.Deposits);

    public OptimisticAccount GetAccount(Hash256 root, Address address)
    {
        var value = Read(root, AccountKey(address));
        return value is null ? default : OptimisticAccount.Decode(value);
    }

    /// <summary>
    /// The store's working tree (<see cref="ISmtWorkingStore"/>), if it keeps one: the sequencer's and derivation's
    /// newest state, which every transaction of theirs starts from, held decoded in memory.
    /// </summary>
    private SmtWorkingTree? Working => (store as ISmtWorkingStore)?.Working;

    /// <summary>A read at <paramref name="root"/>: from the working tree when it holds that state (its newest nodes are not in the store yet).</summary>
    private byte[]? Read(Hash256 root, Hash256 key) => Working is { } working && working.IsAt(root) ? working.Get(key) : _tree.Get(root, key);

    /// <summary>What the rules run with: this chain and rollup, the sequencer fees go to, the fee schedule.</summary>
    public OptimisticRuleContext Context { get; } = new(chainId, rollupId, sequencer, fees, deposits);

    /// <summary>Credits L1 deposit <paramref name="index"/> (it must be the state's next).</summary>
    public Hash256 ApplyDeposit(Hash256 root, ulong index, Address recipient, ulong amount) =>
        Apply(root, OneStepTransaction.ForDeposit(index, recipient, amount), strict: true).PostRoot;

    /// <summary>Credits the state's next L1 deposit (<see cref="NextDeposit"/>).</summary>
    public Hash256 ApplyDeposit(Hash256 root, Address recipient, ulong amount) => ApplyDeposit(root, NextDeposit(root), recipient, amount);

    /// <summary>The next deposit queue index the state credits.</summary>
    public ulong NextDeposit(Hash256 root) => Read(root, OptimisticDepositCursor.Key) is { } value ? OptimisticDepositCursor.Decode(value) : 0;

    public Hash256 ApplyTransfer(Hash256 root, OptimisticTransfer transfer) => Apply(root, OneStepTransaction.ForTransfer(transfer), strict: true).PostRoot;

    /// <summary>Burns amount + fee from the sender (fee to the sequencer) and records the withdrawal receipt.</summary>
    public Hash256 ApplyWithdrawal(Hash256 root, OptimisticWithdrawal withdrawal) => Apply(root, OneStepTransaction.ForWithdrawal(withdrawal), strict: true).PostRoot;

    /// <summary>
    /// Applies a transaction whose signature was already checked (on any core) for this chain and rollup: the same
    /// result as <see cref="ApplyTransfer"/> / <see cref="ApplyWithdrawal"/> on the raw item, without verifying twice.
    /// </summary>
    public Hash256 ApplyChecked(Hash256 root, SignatureCheckedItem item)
    {
        if (item.ChainId != Context.ChainId || item.RollupId != Context.RollupId)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadSignature,
                $"signature was checked for chain {item.ChainId} rollup {item.RollupId}, not chain {Context.ChainId} rollup {Context.RollupId}");
        return Apply(root, OneStepTransaction.ForItem(item.Item), strict: true, signatureChecked: true).PostRoot;
    }

    /// <summary>
    /// Applies one transaction the way derivation and the dispute game count it: a transaction the rules reject leaves
    /// the root unchanged (it still occupies its position, so its post-state root is its pre-state root) and the
    /// result names the rule. This is exactly what <see cref="OneStepExecutor"/> computes from a witness.
    /// </summary>
    public OneStepResult Apply(Hash256 root, OneStepTransaction transaction) => Apply(root, transaction, strict: false);

    /// <summary>
    /// Applies transactions in order with <see cref="Apply(Hash256, OneStepTransaction)"/>'s rule and returns every
    /// result: the per-transaction roots the dispute game bisects over, a rejected transaction repeating its predecessor's.
    /// </summary>
    public IReadOnlyList<OneStepResult> ApplyAll(Hash256 root, IReadOnlyList<OneStepTransaction> transactions)
    {
        var results = new OneStepResult[transactions.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Apply(root, transactions[i]);
            root = results[i].PostRoot;
        }
        return results;
    }

    private OneStepResult Apply(Hash256 root, OneStepTransaction transaction, bool strict, bool signatureChecked = false)
    {
        // A transaction on the working tree's state runs on it; one on any other state moves it there first (flushing
        // the state it held to the store, so that one stays readable), as the next transaction will start from its result.
        var working = Working;
        working?.MoveTo(root);
        var ledger = new OptimisticTreeLedger(_tree, root, working);
        try
        {
            transaction.ApplyTo(ledger, Context, signatureChecked);
        }
        catch (InvalidOptimisticTransactionException ex) when (!strict)
        {
            return new OneStepResult(root, ex.Error);
        }
        return new OneStepResult(ledger.Commit(), null);
    }

    public OptimisticWithdrawalReceipt? GetWithdrawal(Hash256 root, Address sender, ulong nonce)
    {
        var value = Read(root, OptimisticWithdrawalReceipt.KeyOf(sender, nonce));
        return value is null ? null : OptimisticWithdrawalReceipt.Decode(value);
    }

    /// <summary>The proof L1 checks before paying out: the output opened plus the receipt's inclusion in its state root.</summary>
    public OptimisticWithdrawalProof ProveWithdrawal(OptimisticOutput output, OptimisticWithdrawalReceipt receipt)
    {
        // A proof walks the store: the working tree's newest nodes go there first when it holds that state.
        if (Working is { } working && working.IsAt(output.StateRoot)) working.Flush();
        return new(output, _tree.Prove(output.StateRoot, receipt.Id));
    }

    /// <summary>Applies a batch and returns the root after every transaction (the bisection points).</summary>
    public IReadOnlyList<Hash256> ApplyTransfers(Hash256 root, IReadOnlyList<OptimisticTransfer> transfers)
    {
        var roots = new List<Hash256>(transfers.Count);
        foreach (var transfer in transfers)
        {
            root = ApplyTransfer(root, transfer);
            roots.Add(root);
        }
        return roots;
    }
}
