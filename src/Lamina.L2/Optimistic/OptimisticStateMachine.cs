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
public sealed class OptimisticStateMachine(ISmtNodeStore store, ulong chainId, ulong rollupId, Address sequencer, OptimisticFeeSchedule fees = default)
{
    private static readonly DomainTag AccountKeyTag = new("lamina/l2/optimistic/account-key");
    private readonly SparseMerkleTree _tree = new(store);

    public static Hash256 AccountKey(Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        address.CopyTo(bytes);
        return DomainHasher.Hash(AccountKeyTag, bytes);
    }

    public OptimisticFeeSchedule Fees { get; } = fees;

    public OptimisticAccount GetAccount(Hash256 root, Address address)
    {
        var value = _tree.Get(root, AccountKey(address));
        return value is null ? default : OptimisticAccount.Decode(value);
    }

    /// <summary>Credits an L1 deposit.</summary>
    public Hash256 ApplyDeposit(Hash256 root, Address recipient, ulong amount)
    {
        var account = GetAccount(root, recipient);
        var balance = AddChecked(account.Balance, amount);
        return Write(root, new Dictionary<Address, OptimisticAccount> { [recipient] = account with { Balance = balance } }, null);
    }

    public Hash256 ApplyTransfer(Hash256 root, OptimisticTransfer transfer)
    {
        if (!transfer.VerifySignature(chainId, rollupId))
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadSignature, "transfer signature does not verify for this chain and rollup");
        var accounts = Debit(root, transfer.Sender.ToAddress(), transfer.Nonce, transfer.Amount, transfer.Fee);
        Credit(root, accounts, transfer.Recipient, transfer.Amount);
        Credit(root, accounts, sequencer, transfer.Fee);
        return Write(root, accounts, null);
    }

    /// <summary>Burns amount + fee from the sender (fee to the sequencer) and records the withdrawal receipt.</summary>
    public Hash256 ApplyWithdrawal(Hash256 root, OptimisticWithdrawal withdrawal)
    {
        if (!withdrawal.VerifySignature(chainId, rollupId))
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadSignature, "withdrawal signature does not verify for this chain and rollup");
        var accounts = Debit(root, withdrawal.Sender.ToAddress(), withdrawal.Nonce, withdrawal.Amount, withdrawal.Fee);
        Credit(root, accounts, sequencer, withdrawal.Fee);
        return Write(root, accounts, withdrawal.Receipt);
    }

    public OptimisticWithdrawalReceipt? GetWithdrawal(Hash256 root, Address sender, ulong nonce)
    {
        var value = _tree.Get(root, OptimisticWithdrawalReceipt.KeyOf(sender, nonce));
        return value is null ? null : OptimisticWithdrawalReceipt.Decode(value);
    }

    /// <summary>The proof L1 checks before paying out: the output opened plus the receipt's inclusion in its state root.</summary>
    public OptimisticWithdrawalProof ProveWithdrawal(OptimisticOutput output, OptimisticWithdrawalReceipt receipt) =>
        new(output, _tree.Prove(output.StateRoot, receipt.Id));

    private Dictionary<Address, OptimisticAccount> Debit(Hash256 root, Address senderAddress, ulong nonce, ulong amount, ulong fee)
    {
        var sender = GetAccount(root, senderAddress);
        if (sender.Nonce != nonce)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadNonce, $"expected nonce {sender.Nonce}, got {nonce}");
        var required = Fees.RequiredFee();
        if (fee < required)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.FeeTooLow, $"fee {fee} < required {required}");
        var debit = AddChecked(amount, fee);
        if (sender.Balance < debit)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.InsufficientBalance, $"balance {sender.Balance} < amount + fee {debit}");

        // Apply sequentially through one dictionary so self-transfers and sequencer-as-party compose correctly.
        return new Dictionary<Address, OptimisticAccount>
        {
            [senderAddress] = new(sender.Balance - debit, checked(sender.Nonce + 1)),
        };
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

    private void Credit(Hash256 root, Dictionary<Address, OptimisticAccount> accounts, Address address, ulong amount)
    {
        var account = accounts.TryGetValue(address, out var pending) ? pending : GetAccount(root, address);
        accounts[address] = account with { Balance = AddChecked(account.Balance, amount) };
    }

    private static ulong AddChecked(ulong a, ulong b) => ulong.MaxValue - a < b
        ? throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BalanceOverflow, $"{a} + {b} overflows u64")
        : a + b;

    private Hash256 Write(Hash256 root, Dictionary<Address, OptimisticAccount> accounts, OptimisticWithdrawalReceipt? receipt)
    {
        // The SMT update is order-independent (keyed), so dictionary order does not affect the root.
        var kv = new List<KeyValuePair<Hash256, byte[]?>>(accounts.Count + 1);
        foreach (var (address, account) in accounts) kv.Add(new(AccountKey(address), account.Encode()));
        if (receipt is { } r) kv.Add(new(r.Id, r.Encode()));
        return _tree.Update(root, kv);
    }
}
