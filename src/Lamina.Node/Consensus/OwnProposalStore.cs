using System.Buffers.Binary;
using System.Text;
using Lamina.Core.Codec;
using Lamina.L1.Blocks;
using Lamina.L1.Chain;
using Lamina.Storage;

namespace Lamina.Node.Consensus;

/// <summary>
/// The blocks this validator proposed for heights not yet committed, kept durably before the proposal is signed.
/// The consensus WAL logs only the proposed block's hash, so without the block a proposer killed after signing
/// re-derives its proposal, prevote and precommit on replay but holds nothing to broadcast or commit; alone (a
/// one-validator chain) it then waits forever, since the double-sign guard rightly refuses any other block for
/// that height and round. CometBFT keeps the same promise by logging its own block parts in its WAL.
/// </summary>
internal sealed class OwnProposalStore(IKeyValueStore store)
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("own-proposal/");

    // The (height, round) of every kept proposal, read from disk once. Dropping by these keys, rather than by
    // iterating the prefix after every commit, keeps the per-height cost flat: an iteration walks every delete
    // tombstone left by earlier heights until compaction removes them, and a proposer at a 10 ms block interval
    // leaves thousands.
    private SortedSet<(ulong Height, uint Round)>? _kept;

    /// <summary>Persists the block with a synced write, before anything about it is signed.</summary>
    public void Save(ulong height, uint round, Block block)
    {
        var kept = Kept();
        using var batch = store.CreateBatch();
        batch.Put(Column.Consensus, Key(height, round), Canonical.Encode(block));
        store.Write(batch, sync: true);
        kept.Add((height, round));
    }

    /// <summary>The block proposed at this height and round, if this validator proposed one.</summary>
    public Block? Get(ulong height, uint round)
        => Kept().Contains((height, round)) && store.Get(Column.Consensus, Key(height, round)) is { } bytes ? Decode(bytes) : null;

    /// <summary>Every kept proposal above <paramref name="committedHeight"/>, after dropping those at or below it.</summary>
    public IReadOnlyList<Block> Above(ulong committedHeight)
    {
        DropThrough(committedHeight);
        var kept = new List<Block>();
        foreach (var (height, round) in Kept())
        {
            if (store.Get(Column.Consensus, Key(height, round)) is { } bytes) kept.Add(Decode(bytes));
        }
        return kept;
    }

    /// <summary>Deletes the proposals at or below a committed height: they can never be needed again.</summary>
    public void DropThrough(ulong committedHeight)
    {
        var kept = Kept();
        if (kept.Count == 0 || kept.Min.Height > committedHeight) return;
        var stale = kept.GetViewBetween((0, 0), (committedHeight, uint.MaxValue)).ToList();
        using var batch = store.CreateBatch();
        foreach (var (height, round) in stale) batch.Delete(Column.Consensus, Key(height, round));
        store.Write(batch, sync: false);
        foreach (var entry in stale) kept.Remove(entry);
    }

    private SortedSet<(ulong Height, uint Round)> Kept()
    {
        if (_kept is not null) return _kept;
        var kept = new SortedSet<(ulong Height, uint Round)>();
        foreach (var (key, _) in store.Iterate(Column.Consensus, Prefix))
        {
            if (key.Length != Prefix.Length + 12) throw new CorruptStoreException($"an own-proposal key has {key.Length} bytes");
            kept.Add((BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(Prefix.Length)), BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(Prefix.Length + 8))));
        }
        return _kept = kept;
    }

    private static byte[] Key(ulong height, uint round)
    {
        var key = new byte[Prefix.Length + 12];
        Prefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(Prefix.Length), height);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(Prefix.Length + 8), round);
        return key;
    }

    private static Block Decode(byte[] bytes)
    {
        try
        {
            return Canonical.Decode<Block>(bytes);
        }
        catch (CodecException e)
        {
            throw new CorruptStoreException($"a stored own proposal does not decode: {e.Message}");
        }
    }
}
