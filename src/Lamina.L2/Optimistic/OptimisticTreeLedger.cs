using System.Runtime.InteropServices;
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
    // At most four keys a transaction (sender, recipient, sequencer, receipt; a deposit's cursor and recipient): a list
    // searched in full is cheaper than any map, and the root does not depend on the order the writes are applied in.
    private readonly List<KeyValuePair<Hash256, byte[]?>> _writes = new(4);

    // The rules write only the account they just read, so the key hashed for the read serves the write (a hash saved
    // per access on the sequencer's ordered path).
    private Address _lastAddress;
    private Hash256 _lastKey;

    public OptimisticAccount ReadAccount(Address address)
    {
        var key = KeyOf(address);
        var value = TryGetWrite(key, out var pending) ? pending : Read(key);
        return value is null ? default : OptimisticAccount.Decode(value);
    }

    public void WriteAccount(Address address, OptimisticAccount account) => Write(KeyOf(address), account.Encode());

    private bool TryGetWrite(Hash256 key, out byte[]? value)
    {
        foreach (var (written, bytes) in _writes)
        {
            if (written != key) continue;
            value = bytes;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>A key written twice keeps its last value, in the place of its first write.</summary>
    private void Write(Hash256 key, byte[]? value)
    {
        for (var i = 0; i < _writes.Count; i++)
        {
            if (_writes[i].Key != key) continue;
            _writes[i] = new(key, value);
            return;
        }
        _writes.Add(new(key, value));
    }

    private Hash256 KeyOf(Address address)
    {
        if (_lastKey.IsZero || _lastAddress != address)
        {
            _lastKey = OptimisticStateMachine.AccountKey(address);
            _lastAddress = address;
        }
        return _lastKey;
    }

    public void WriteReceipt(OptimisticWithdrawalReceipt receipt) => Write(receipt.Id, receipt.Encode());

    public ulong ReadDepositCursor()
    {
        var key = OptimisticDepositCursor.Key;
        var value = TryGetWrite(key, out var pending) ? pending : Read(key);
        return value is null ? 0 : OptimisticDepositCursor.Decode(value);
    }

    public void WriteDepositCursor(ulong next) => Write(OptimisticDepositCursor.Key, OptimisticDepositCursor.Encode(next));

    private byte[]? Read(Hash256 key) => working is null ? tree.Get(root, key) : working.Get(key);

    public Hash256 Commit() => working is null ? tree.Update(root, _writes) : working.Apply(CollectionsMarshal.AsSpan(_writes));
}
