using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The operator's entry point: executes a batch of any operation kinds natively (a user transaction that breaks a
/// rule is an <see cref="InvalidZkTransactionException"/>), rebuilds the public statements from the resulting
/// pubdata and the signers' witnesses exactly as the verifier will (<see cref="ZkBatchStatements"/>), then proves
/// the state transition and the signatures in one STARK (<see cref="ZkBatchAir"/>). <paramref name="sequential"/> is
/// kept for callers from when the two were separate proofs proven side by side; one proof has nothing to sequence.
/// </summary>
/// <para><paramref name="proofVersion"/> is the batch proof version (the rollup's AIR version) to prove: the current
/// one (5, challenges hashed in the trace) unless a rollup registered an older one (4).</para>
public sealed class ZkBatchProver(ZkRollupDomain domain, ProofOptions options, bool sequential = false, byte proofVersion = ZkBatchProof.Version)
{
    /// <summary>
    /// Smaller batch proofs at nearly the same security: 28 queries at blowup 8 (84 bits) plus 20 grinding bits =
    /// 103 conjectured bits (Default: 30 queries + 16 bits = 105), and FRI stops at degree 255 (one folding layer
    /// fewer for large batches). Measured at 256 transfers: 206.5 KiB against 220.4 KiB with Default (README); the
    /// 2^20 grinding hashes per proof cost about a CPU-second.
    /// </summary>
    public static ProofOptions CompactOptions { get; } = ProofOptions.Default with { NumQueries = 28, GrindingBits = 20, RemainderMaxDegree = 255 };

    /// <summary>
    /// The smallest proofs at the verifier's 100-bit floor: 27 queries at blowup 8 (81 bits, the most that still lets
    /// grinding count) plus 20 grinding bits = 100 conjectured bits, and FRI stops at degree 255. The 2^20 grinding
    /// hashes cost about a CPU-second per proof; the queries and the FRI layer fewer are what shrink a 1,024-transfer proof.
    /// </summary>
    public static ProofOptions Size100Options { get; } = ProofOptions.Default with { NumQueries = 27, GrindingBits = 20, RemainderMaxDegree = 255 };

    public ZkBatchExecutor Executor { get; } = new(domain);

    /// <summary>What the caller asked for; no effect since a batch is one proof (see the type's summary).</summary>
    public bool Sequential { get; } = sequential;

    public byte ProofVersion { get; } = ZkBatchProof.IsKnownVersion(proofVersion)
        ? proofVersion
        : throw new ArgumentException($"batch proof version {proofVersion} is not one this prover makes", nameof(proofVersion));

    public ZkProvenBatch Prove(ZkState state, IReadOnlyList<ZkTransaction> transactions, ulong batchNumber)
    {
        if (transactions.Count == 0)
        {
            throw new ArgumentException("a batch holds at least one operation", nameof(transactions));
        }
        ZkState next = state.Clone();
        var ops = new List<PubdataOp>(transactions.Count);
        var witnesses = new List<SignerWitness>(transactions.Count);
        var openings = new List<AccountLeaf>();
        var priority = new List<ZkTransaction>();
        for (int i = 0; i < transactions.Count; i++)
        {
            ZkTransaction tx = transactions[i];
            uint touched = tx switch { SignedZkTransaction signed => signed.Signer, DepositOp d => d.To, _ => 0 };
            AccountLeaf before = next.Accounts.Get(touched);
            PubdataOp op = Executor.Apply(next, tx, i);
            ops.Add(op);
            if (tx.IsPriority) priority.Add(tx);
            if (!op.Applied)
            {
                openings.Add(before); // the leaf as the refusal saw it: the proof pins it, the verifier reruns the rule on it
            }
            else if (tx is SignedZkTransaction s)
            {
                witnesses.Add(new SignerWitness(s.Nonce, before.Key!.Value, s.Signature));
            }
        }
        ZkBatchStatements statements = ZkBatchStatements.Build(Executor.Domain, ops, witnesses, openings, ProofVersion);
        StarkAir air = ZkBatchAir.For(state.Accounts.Root, next.Accounts.Root, statements, batchNumber);
        TraceTable trace = ZkBatchAir.BuildTrace(state.Accounts, air);
        byte[] proof = StarkProver.ProveToBytes(air, trace, options);
        trace.Release();
        var result = new ZkBatchResult(next, ops);
        return new ZkProvenBatch(batchNumber, state.Root, result, new ZkBatchProof(witnesses, openings, proof) { ProofVersion = ProofVersion }, priority);
    }

    /// <summary>Independent batches (each from its own state) proven concurrently, for operators with cores to spare.</summary>
    public ZkProvenBatch[] ProveMany(IReadOnlyList<(ZkState State, IReadOnlyList<ZkTransaction> Transactions, ulong BatchNumber)> batches)
    {
        var results = new ZkProvenBatch[batches.Count];
        Parallel.For(0, batches.Count, i => results[i] = Prove(batches[i].State, batches[i].Transactions, batches[i].BatchNumber));
        return results;
    }
}

/// <summary>A proven batch: the new state, its pubdata and commitment, the proof, and the L1 priority operations it consumed (in order).</summary>
public sealed record ZkProvenBatch(ulong BatchNumber, Stark.Hashing.RpoDigest OldStateRoot, ZkBatchResult Result, ZkBatchProof Proof,
    IReadOnlyList<ZkTransaction> ConsumedPriorityOps)
{
    public Stark.Hashing.RpoDigest NewStateRoot => Result.State.Root;
}
