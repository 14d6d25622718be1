using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The optimistic rollup's account state: (balance, nonce) leaves in Core's sparse Merkle tree keyed by a hash of the
/// address. Every applied transaction yields a new root, so a batch produces the intermediate roots the dispute game
/// bisects over. Deterministic, checked arithmetic, fees credited to the sequencer.
/// </summary>
public sealed class OptimisticStateMachine(ISmtNodeStore store, ulong chainId, ulong rollupId, Address sequencer)
{
    private static readonly DomainTag AccountKeyTag = new("lamina/l2/optimistic/account-key");
    private readonly SparseMerkleTree _tree = new(store);

    public static Hash256 AccountKey(Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        address.CopyTo(bytes);
        return DomainHasher.Hash(AccountKeyTag, bytes);
    }

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
        return Write(root, [(recipient, account with { Balance = balance })]);
    }

    public Hash256 ApplyTransfer(Hash256 root, OptimisticTransfer transfer)
    {
        if (!transfer.VerifySignature(chainId, rollupId))
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadSignature, "transfer signature does not verify for this chain and rollup");
        var senderAddress = transfer.Sender.ToAddress();
        var sender = GetAccount(root, senderAddress);
        if (sender.Nonce != transfer.Nonce)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.BadNonce, $"expected nonce {sender.Nonce}, got {transfer.Nonce}");
        var debit = AddChecked(transfer.Amount, transfer.Fee);
        if (sender.Balance < debit)
            throw new InvalidOptimisticTransactionException(OptimisticTransitionError.InsufficientBalance, $"balance {sender.Balance} < amount + fee {debit}");

        // Apply sequentially through one dictionary so self-transfers and sequencer-as-party compose correctly.
        var accounts = new Dictionary<Address, OptimisticAccount>
        {
            [senderAddress] = new(sender.Balance - debit, checked(sender.Nonce + 1)),
        };
        Credit(root, accounts, transfer.Recipient, transfer.Amount);
        Credit(root, accounts, sequencer, transfer.Fee);
        var changes = new List<(Address, OptimisticAccount)>(accounts.Count);
        foreach (var pair in accounts) changes.Add((pair.Key, pair.Value));
        return Write(root, changes);
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

    private Hash256 Write(Hash256 root, IReadOnlyList<(Address Address, OptimisticAccount Account)> changes)
    {
        // The SMT update is order-independent (keyed), so dictionary order does not affect the root.
        var kv = new List<KeyValuePair<Hash256, byte[]?>>(changes.Count);
        foreach (var (address, account) in changes) kv.Add(new(AccountKey(address), account.Encode()));
        return _tree.Update(root, kv);
    }
}
