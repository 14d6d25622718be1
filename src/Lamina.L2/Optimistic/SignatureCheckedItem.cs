namespace Lamina.L2.Optimistic;

/// <summary>
/// A signed transaction whose Ed25519 signature has been checked for one chain and rollup. The signature is the one
/// rule that depends on the transaction alone, and the first one the rules check, so it can run on any core ahead of
/// the ordered, stateful rest (nonce, fee, balance) without changing any outcome: applying a checked item gives exactly
/// what applying the raw item gives. Only <see cref="Check"/> and <see cref="CheckAll"/> make one, so no caller can skip
/// the check by constructing it.
/// </summary>
public sealed class SignatureCheckedItem
{
    /// <summary>Below this many items, checking on the calling thread costs less than handing work to other cores.</summary>
    private const int ParallelThreshold = 16;

    private SignatureCheckedItem(OptimisticBatchItem item, ulong chainId, ulong rollupId)
    {
        Item = item;
        ChainId = chainId;
        RollupId = rollupId;
    }

    public OptimisticBatchItem Item { get; }
    public ulong ChainId { get; }
    public ulong RollupId { get; }

    /// <summary>The checked item, or null when the signature does not verify for this chain and rollup.</summary>
    public static SignatureCheckedItem? TryCheck(OptimisticBatchItem item, ulong chainId, ulong rollupId)
    {
        var valid = item.Kind == OptimisticTxKind.Transfer
            ? item.ToTransfer().VerifySignature(chainId, rollupId)
            : item.ToWithdrawal().VerifySignature(chainId, rollupId);
        return valid ? new SignatureCheckedItem(item, chainId, rollupId) : null;
    }

    /// <summary>The checked item; a bad signature is refused as the rules refuse it.</summary>
    public static SignatureCheckedItem Check(OptimisticBatchItem item, ulong chainId, ulong rollupId) =>
        TryCheck(item, chainId, rollupId) ?? throw BadSignatureFor(item.Kind);

    /// <summary>
    /// Checks every item across up to <paramref name="maxDegree"/> cores (-1: all of them); the answer is by position
    /// (null = bad signature) and the same as checking one after the other, whatever the scheduling.
    /// </summary>
    public static SignatureCheckedItem?[] CheckAll(IReadOnlyList<OptimisticBatchItem> items, ulong chainId, ulong rollupId, int maxDegree = -1)
    {
        var results = new SignatureCheckedItem?[items.Count];
        if (items.Count < ParallelThreshold || maxDegree == 1)
        {
            for (var i = 0; i < results.Length; i++) results[i] = TryCheck(items[i], chainId, rollupId);
            return results;
        }
        // Contiguous chunks, one result slot per position: no shared state between workers but the array. Small ones
        // (16 checks, ~1 ms): the call returns when its last chunk does, and until then the other cores have nothing
        // left of this list (admission's checking stage waits there before its next batch).
        var degree = maxDegree > 0 ? maxDegree : Environment.ProcessorCount;
        var chunk = Math.Max(ParallelThreshold, (results.Length + degree * 16 - 1) / (degree * 16));
        var chunks = (results.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, c =>
        {
            var end = Math.Min(results.Length, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++) results[i] = TryCheck(items[i], chainId, rollupId);
        });
        return results;
    }

    /// <summary>The refusal the rules give a transaction of this kind whose signature does not verify.</summary>
    public static InvalidOptimisticTransactionException BadSignatureFor(OptimisticTxKind kind) =>
        new(OptimisticTransitionError.BadSignature, kind == OptimisticTxKind.Transfer
            ? "transfer signature does not verify for this chain and rollup"
            : "withdrawal signature does not verify for this chain and rollup");
}
