using Lamina.Storage;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// A store whose synced write of an L2 block (the sequencer journal's "opb" keys) can be held in progress, then failed
/// as if the process died during it; every other operation goes straight to the inner store.
/// </summary>
internal sealed class StallingStore(IKeyValueStore inner) : IKeyValueStore
{
    private readonly ManualResetEventSlim _release = new();

    public bool StallBlockWrites { get; set; }
    public ManualResetEventSlim BlockWriteEntered { get; } = new();

    /// <summary>Ends the stalled write with an IOException, without writing it.</summary>
    public void FailStalledWrite() => _release.Set();

    public IWriteBatch CreateBatch() => new Batch(inner.CreateBatch());

    public void Write(IWriteBatch batch, bool sync = true)
    {
        var recorded = (Batch)batch;
        if (StallBlockWrites && recorded.WritesBlock)
        {
            BlockWriteEntered.Set();
            _release.Wait();
            throw new IOException("killed during the block's journal write");
        }
        inner.Write(recorded.Inner, sync);
    }

    public IKeyValueSnapshot CreateSnapshot() => inner.CreateSnapshot();
    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => inner.Get(column, key);
    public bool Contains(Column column, ReadOnlySpan<byte> key) => inner.Contains(column, key);
    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, byte[]? prefix = null, byte[]? from = null) => inner.Iterate(column, prefix, from);
    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateBackward(Column column, byte[]? prefix = null) => inner.IterateBackward(column, prefix);
    public void Dispose() => inner.Dispose();

    private sealed class Batch(IWriteBatch inner) : IWriteBatch
    {
        public IWriteBatch Inner => inner;
        public bool WritesBlock { get; private set; }
        public int Count => inner.Count;

        public void Put(Column column, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (key.Length > 2 && key[0] == (byte)'o' && key[1] == (byte)'p' && key[2] == (byte)'b') WritesBlock = true;
            inner.Put(column, key, value);
        }

        public void Delete(Column column, ReadOnlySpan<byte> key) => inner.Delete(column, key);
        public void Dispose() => inner.Dispose();
    }
}
