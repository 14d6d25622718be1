namespace Lamina.L2.Optimistic.Chain;

/// <summary>
/// A block's signatures checked in chunks on the thread pool while the caller applies the block in order: the caller
/// takes chunk k's results as soon as it is done (running it itself if no worker has started it), so execution of
/// the first transactions overlaps the check of the later ones instead of waiting for the whole block's. A signature
/// depends on its transaction alone, so the results are the same as checking one after the other.
/// </summary>
internal sealed class SignatureChunks
{
    /// <summary>Small enough that the caller soon has work, large enough that a task costs little against 16 verifies.</summary>
    private const int ChunkSize = 16;

    private readonly Task<SignatureCheckedItem?[]>[] _chunks;

    private SignatureChunks(Task<SignatureCheckedItem?[]>[] chunks) => _chunks = chunks;

    /// <param name="verified">Checks this process made already (the sequencer's own derivation); the others are checked here.</param>
    public static SignatureChunks Start(IReadOnlyList<OptimisticBatchItem> items, ulong chainId, ulong rollupId, VerifiedSignatures? verified = null)
    {
        var chunks = new Task<SignatureCheckedItem?[]>[(items.Count + ChunkSize - 1) / ChunkSize];
        for (var c = 0; c < chunks.Length; c++)
        {
            var start = c * ChunkSize;
            var end = Math.Min(items.Count, start + ChunkSize);
            chunks[c] = c == 0
                // The caller needs the first chunk at once: it checks that one itself.
                ? Task.FromResult(Check(items, start, end, chainId, rollupId, verified))
                : Task.Run(() => Check(items, start, end, chainId, rollupId, verified));
        }
        return new SignatureChunks(chunks);
    }

    /// <summary>Item <paramref name="index"/> checked, or null when its signature does not verify.</summary>
    public SignatureCheckedItem? Get(int index) => _chunks[index / ChunkSize].GetAwaiter().GetResult()[index % ChunkSize];

    /// <summary>The checks of the items from <paramref name="offset"/> on, numbered from 0 (one block's share of a channel's).</summary>
    public SignatureChecks From(int offset) => new(this, offset);

    private static SignatureCheckedItem?[] Check(IReadOnlyList<OptimisticBatchItem> items, int start, int end, ulong chainId, ulong rollupId, VerifiedSignatures? verified)
    {
        var results = new SignatureCheckedItem?[end - start];
        for (var i = start; i < end; i++)
            results[i - start] = verified?.Take(items[i], chainId, rollupId) ?? SignatureCheckedItem.TryCheck(items[i], chainId, rollupId);
        return results;
    }
}

/// <summary>A block's transactions' signature checks, started ahead (for a whole channel, so checking never waits for a block boundary).</summary>
internal readonly struct SignatureChecks(SignatureChunks chunks, int offset)
{
    public SignatureCheckedItem? Get(int index) => chunks.Get(offset + index);
}
