using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.Core;

namespace Lamina.L1.State;

/// <summary>
/// A mutable view of the state on top of a committed root. Reads fall through to the tree; writes stay in an
/// overlay until <see cref="Commit"/> folds them into the tree as one batch and returns the new root.
/// Accounts have typed accessors; other records (staking) go through <see cref="GetRecord{T}"/>.
/// </summary>
public sealed class WorldState
{
    private readonly SparseMerkleTree _tree;
    private readonly Dictionary<Address, Account> _dirty = new();
    private readonly Dictionary<Hash256, byte[]?> _dirtyRecords = new();

    public WorldState(ISmtNodeStore nodes, Hash256 root)
    {
        _tree = new SparseMerkleTree(nodes);
        Root = root;
    }

    /// <summary>The root as of the last commit.</summary>
    public Hash256 Root { get; private set; }

    public Account GetAccount(Address address)
    {
        if (_dirty.TryGetValue(address, out var account)) return account;
        var bytes = _tree.Get(Root, StateKeys.Account(address));
        return bytes is null ? Account.Empty : Canonical.Decode<Account>(bytes);
    }

    public void SetAccount(Address address, Account account) => _dirty[address] = account;

    /// <summary>A record stored under <paramref name="key"/>, or null when absent.</summary>
    public T? GetRecord<T>(Hash256 key) where T : class, ICanonical<T>
    {
        var bytes = _dirtyRecords.TryGetValue(key, out var pending) ? pending : _tree.Get(Root, key);
        return bytes is null ? null : Canonical.Decode<T>(bytes);
    }

    /// <summary>Same as <see cref="GetRecord{T}"/> for struct records.</summary>
    public T? GetValueRecord<T>(Hash256 key) where T : struct, ICanonical<T>
    {
        var bytes = _dirtyRecords.TryGetValue(key, out var pending) ? pending : _tree.Get(Root, key);
        return bytes is null ? null : Canonical.Decode<T>(bytes);
    }

    /// <summary>Stores a record; null deletes it.</summary>
    public void SetRecord<T>(Hash256 key, T? value) where T : ICanonical<T>
        => _dirtyRecords[key] = value is null ? null : Canonical.Encode(value);

    /// <summary>Writes the overlay into the tree and returns the new state root.</summary>
    public Hash256 Commit()
    {
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
