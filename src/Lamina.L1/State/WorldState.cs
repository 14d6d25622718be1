using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.Core;

namespace Lamina.L1.State;

/// <summary>
/// A mutable view of the state on top of a committed root. Reads fall through to the tree; writes stay in an
/// overlay until <see cref="Commit"/> folds them into the tree as one batch and returns the new root.
/// Accounts have typed accessors; other records (staking, modules) go through <see cref="GetRecord{T}"/>.
/// While a checkpoint is open every write journals the overlay entry it replaces, so the writes since any
/// checkpoint can be undone exactly: a transaction or a module step that fails leaves nothing behind.
/// </summary>
public sealed class WorldState
{
    private readonly SparseMerkleTree _tree;
    private readonly Dictionary<Address, Account> _dirty = new();
    private readonly Dictionary<Hash256, byte[]?> _dirtyRecords = new();
    // One journal per overlay: each key lives in one of them only, so undoing each in reverse restores both.
    private readonly List<(Address Key, Account Previous, bool Existed)> _accountJournal = new();
    private readonly List<(Hash256 Key, byte[]? Previous, bool Existed)> _recordJournal = new();
    private int _depth;

    public WorldState(ISmtNodeStore nodes, Hash256 root)
    {
        _tree = new SparseMerkleTree(nodes);
        Root = root;
    }

    /// <summary>The root as of the last commit.</summary>
    public Hash256 Root { get; private set; }

    /// <summary>How many checkpoints are open.</summary>
    public int CheckpointDepth => _depth;

    public Account GetAccount(Address address)
    {
        if (_dirty.TryGetValue(address, out var account)) return account;
        var bytes = _tree.Get(Root, StateKeys.Account(address));
        return bytes is null ? Account.Empty : Canonical.Decode<Account>(bytes);
    }

    public void SetAccount(Address address, Account account)
    {
        if (_depth > 0)
        {
            var existed = _dirty.TryGetValue(address, out var previous);
            _accountJournal.Add((address, previous, existed));
        }
        _dirty[address] = account;
    }

    /// <summary>A record stored under <paramref name="key"/>, or null when absent.</summary>
    public T? GetRecord<T>(Hash256 key) where T : class, ICanonical<T>
    {
        var bytes = _dirtyRecords.TryGetValue(key, out var pending) ? pending : _tree.Get(Root, key);
        return bytes is null ? null : Canonical.Decode<T>(bytes);
    }

    /// <summary>
    /// The canonical bytes under any key of the committed tree (what <see cref="Prove"/> proves), or null when absent;
    /// for proofs served over RPC. Writes not yet committed are not seen.
    /// </summary>
    public byte[]? GetCommitted(Hash256 key) => _tree.Get(Root, key);

    /// <summary>Same as <see cref="GetRecord{T}"/> for struct records.</summary>
    public T? GetValueRecord<T>(Hash256 key) where T : struct, ICanonical<T>
    {
        var bytes = _dirtyRecords.TryGetValue(key, out var pending) ? pending : _tree.Get(Root, key);
        return bytes is null ? null : Canonical.Decode<T>(bytes);
    }

    /// <summary>Stores a record; null deletes it.</summary>
    public void SetRecord<T>(Hash256 key, T? value) where T : ICanonical<T>
    {
        if (_depth > 0)
        {
            var existed = _dirtyRecords.TryGetValue(key, out var previous);
            _recordJournal.Add((key, previous, existed));
        }
        _dirtyRecords[key] = value is null ? null : Canonical.Encode(value);
    }

    /// <summary>Opens a checkpoint; close it with <see cref="Revert"/> or <see cref="Discard"/>.</summary>
    public StateCheckpoint Checkpoint() => new(++_depth, _accountJournal.Count, _recordJournal.Count);

    /// <summary>Undoes every write since <paramref name="checkpoint"/> and closes it.</summary>
    public void Revert(StateCheckpoint checkpoint)
    {
        Close(checkpoint);
        for (var i = _accountJournal.Count - 1; i >= checkpoint.AccountMark; i--)
        {
            var (key, previous, existed) = _accountJournal[i];
            if (existed) _dirty[key] = previous;
            else _dirty.Remove(key);
        }
        _accountJournal.RemoveRange(checkpoint.AccountMark, _accountJournal.Count - checkpoint.AccountMark);
        for (var i = _recordJournal.Count - 1; i >= checkpoint.RecordMark; i--)
        {
            var (key, previous, existed) = _recordJournal[i];
            if (existed) _dirtyRecords[key] = previous;
            else _dirtyRecords.Remove(key);
        }
        _recordJournal.RemoveRange(checkpoint.RecordMark, _recordJournal.Count - checkpoint.RecordMark);
    }

    /// <summary>Closes <paramref name="checkpoint"/> keeping its writes; an enclosing checkpoint can still revert them.</summary>
    public void Discard(StateCheckpoint checkpoint)
    {
        Close(checkpoint);
        if (_depth > 0) return;
        // Outermost checkpoint closed: nothing can revert any more, so the journal is dead weight.
        _accountJournal.Clear();
        _recordJournal.Clear();
    }

    private void Close(StateCheckpoint checkpoint)
    {
        if (checkpoint.Depth != _depth || checkpoint.Depth == 0)
        {
            throw new InvalidOperationException($"checkpoint {checkpoint.Depth} is not the innermost open one ({_depth} open); close checkpoints innermost first");
        }
        _depth--;
    }

    /// <summary>Writes the overlay into the tree and returns the new state root. No checkpoint may be open.</summary>
    public Hash256 Commit()
    {
        if (_depth != 0) throw new InvalidOperationException($"{_depth} checkpoint(s) still open; revert or discard them before committing");
        if (_dirty.Count == 0 && _dirtyRecords.Count == 0) return Root;
        var changes = new List<KeyValuePair<Hash256, byte[]?>>(_dirty.Count + _dirtyRecords.Count);
        foreach (var (address, account) in _dirty)
        {
            // An account that returns to empty is deleted, so "never used" and "emptied" have the same root.
            changes.Add(new(StateKeys.Account(address), account.IsEmpty ? null : Canonical.Encode(account)));
        }
        foreach (var (key, value) in _dirtyRecords) changes.Add(new(key, value));
        // SparseMerkleTree.Update sorts the batch itself, so dictionary order never leaks into the root.
        Root = _tree.Update(Root, changes);
        _dirty.Clear();
        _dirtyRecords.Clear();
        return Root;
    }

    public SmtProof ProveAccount(Address address) => _tree.Prove(Root, StateKeys.Account(address));

    public SmtProof Prove(Hash256 key) => _tree.Prove(Root, key);
}
