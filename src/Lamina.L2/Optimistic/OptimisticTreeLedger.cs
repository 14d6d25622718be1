using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The sequencer's ledger: reads from the tree at one root (seeing this transaction's own earlier writes, so
/// self-transfers and the sequencer as a party compose), buffers the writes, and commits them as one tree update only
/// when the rules accepted the whole transaction. With a <paramref name="working"/> tree (which holds the state at
/// <paramref name="root"/>), reads and the update go to it instead of the tree's store.
/// </summary>
internal sealed class OptimisticTreeLedger(SparseMerkleTree tree, Hash256 root, SmtWorkingTree? working = null) : IOptimisticLedger
{
    // Sorted so nothing hashed depends on hash-table order (the tree's update also sorts; this keeps the rule obvious).
    private readonly SortedDictionary<Hash256, byte[]?> _writes = new();

    // The rules write only the account they just read, so the key hashed for the read serves the write (a hash saved
    // per access on the sequencer's ordered path).
    private Address _lastAddress;
    private Hash256 _lastKey;

    public OptimisticAccount ReadAccount(Address address)
    {
        var key = KeyOf(address);
        var value = _writes.TryGetValue(key, out var pending) ? pending : Read(key);
        return value is null ? default : OptimisticAccount.Decode(value);
    }

    public void WriteAccount(Address address, OptimisticAccount account) => _writes[KeyOf(address)] = account.Encode();

    private Hash256 KeyOf(Address address)
    {
        if (_lastKey.IsZero || _lastAddress != address)
        {
            _lastKey = OptimisticStateMachine.AccountKey(address);
            _lastAddress = address;
        }
        return _lastKey;
    }

    public void WriteReceipt(OptimisticWithdrawalReceipt receipt) => _writes[receipt.Id] = receipt.Encode();

    public ulong ReadDepositCursor()
    {
        var key = OptimisticDepositCursor.Key;
        var value = _writes.TryGetValue(key, out var pending) ? pending : Read(key);
        return value is null ? 0 : OptimisticDepositCursor.Decode(value);
    }

    public void WriteDepositCursor(ulong next) => _writes[OptimisticDepositCursor.Key] = OptimisticDepositCursor.Encode(next);

    private byte[]? Read(Hash256 key) => working is null ? tree.Get(root, key) : working.Get(key);

    public Hash256 Commit() => working is null ? tree.Update(root, _writes) : working.Apply(_writes);
}
