using System.Collections.Concurrent;
using Lamina.Core;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// This node's verdicts on batch submissions, never hashed: each batch's proof is verified once, at mempool admission
/// or when a block first executes it, and every later execution (the proposer's build, the validators' check of the
/// proposal, the commit) reuses the verdict. A verdict is reused only against the inputs it was computed from: the
/// transaction hash covers the proof, the declared effects, the batch number and the pubdata's commitment (the blob's
/// bytes are attached only if they hash to it); the rollup's proven account root and priority head fix the old root
/// and the consumed requests (queued requests never change), and the chain id and the rollup's config never change.
/// Verification is deterministic, so a reused verdict is the one a fresh run would give.
/// Also kept, for diagnostics (<c>zkl1_getRejections</c>' message, <c>zkl1_getBatch</c>'s <c>thisNodeVerifyUs</c>):
/// the failure's message and how long this node's verifier ran, measured with the injected clock. Bounded: the
/// oldest entries go first.
/// </summary>
public sealed class ZkBatchVerdicts(TimeProvider time, int capacity = ZkBatchVerdicts.DefaultCapacity)
{
    public const int DefaultCapacity = 1_024;

    private readonly ConcurrentDictionary<Hash256, Verdict> _byTx = new();
    private readonly ConcurrentQueue<Hash256> _order = new();

    /// <summary>A verdict: the failure (null when the batch verified), the verify time in µs, and the state it holds for.</summary>
    public sealed record Verdict(ZkBatchFailure? Failure, long VerifyMicros, RpoDigest AccountRoot, ulong PriorityProcessed);

    /// <summary>How many proof verifications this node ran (a reused verdict does not count): tests and benchmarks read it.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    private long _verifications;

    /// <summary>The verdict on <paramref name="txHash"/> against <paramref name="rollup"/>'s proven state, computing it with <paramref name="verify"/> only if none is held.</summary>
    public Verdict GetOrVerify(Hash256 txHash, ZkRollupRecord rollup, Func<ZkBatchFailure?> verify)
    {
        if (Find(txHash, rollup) is { } known) return known;
        var started = time.GetTimestamp();
        var failure = verify();
        var micros = (long)time.GetElapsedTime(started).TotalMicroseconds;
        Interlocked.Increment(ref _verifications);
        var verdict = new Verdict(failure, micros, rollup.AccountRoot, rollup.PriorityProcessed);
        if (_byTx.TryAdd(txHash, verdict)) _order.Enqueue(txHash);
        else _byTx[txHash] = verdict;
        while (_order.Count > capacity && _order.TryDequeue(out var old)) _byTx.TryRemove(old, out _);
        return verdict;
    }

    /// <summary>The verdict held for <paramref name="txHash"/> if it was computed against <paramref name="rollup"/>'s current proven state.</summary>
    public Verdict? Find(Hash256 txHash, ZkRollupRecord rollup)
        => _byTx.TryGetValue(txHash, out var v) && v.AccountRoot == rollup.AccountRoot && v.PriorityProcessed == rollup.PriorityProcessed ? v : null;

    /// <summary>The last verdict this node computed for <paramref name="txHash"/>, whatever state it was against.</summary>
    public Verdict? Last(Hash256 txHash) => _byTx.TryGetValue(txHash, out var v) ? v : null;
}
