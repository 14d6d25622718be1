using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The operator's entry point for batches of transfers between existing accounts: executes them natively (any
/// rule broken is an <see cref="InvalidZkTransactionException"/>), then proves the state transition and the
/// signatures, the two proofs in parallel unless <paramref name="sequential"/> (which lowers peak memory: a
/// 256-transfer batch ran out of an 8 GB heap with both proofs at once). Other operation kinds have no AIR yet.
/// </summary>
public sealed class ZkTransferBatchProver(ZkRollupDomain domain, ProofOptions options, bool sequential = false)
{
    public ZkBatchExecutor Executor { get; } = new(domain);

    public ZkProvenBatch Prove(ZkState state, IReadOnlyList<TransferTx> transfers, ulong batchNumber)
    {
        if (transfers.Count == 0)
        {
            throw new ArgumentException("a batch holds at least one transfer", nameof(transfers));
        }
        var statements = new List<TransferStatement>(transfers.Count);
        var witnesses = new List<TransferWitness>(transfers.Count);
        var signatures = new List<SchnorrStatement>(transfers.Count);
        ZkState next = state.Clone();
        var ops = new List<PubdataOp>(transfers.Count);
        for (int i = 0; i < transfers.Count; i++)
        {
            TransferTx tx = transfers[i];
            var key = next.Accounts.Get(tx.From).Key;
            ops.Add(Executor.Apply(next, tx, i));
            statements.Add(new TransferStatement(tx.From, tx.To, tx.Amount.Value, tx.Nonce, key!.Value));
            witnesses.Add(new TransferWitness(tx.Nonce, key.Value, tx.Signature));
            signatures.Add(new SchnorrStatement(key.Value, tx.SigningMessage(Executor.Domain), tx.Signature));
        }
        var stateAir = new TransferUpdatesAir(state.Accounts.Root, next.Accounts.Root, statements, batchNumber);
        var signatureAir = new SchnorrSignaturesAir(signatures);
        byte[] stateProof = [], signatureProof = [];
        Action proveState = () => stateProof = StarkProver.ProveToBytes(stateAir, TransferUpdatesTrace.Build(state.Accounts, statements).Trace, options);
        Action proveSignatures = () => signatureProof = StarkProver.ProveToBytes(signatureAir, SchnorrSignaturesTrace.Build(signatureAir), options);
        if (sequential)
        {
            proveState();
            GC.Collect();
            proveSignatures();
        }
        else
        {
            Parallel.Invoke(proveState, proveSignatures);
        }
        var result = new ZkBatchResult(next, ops);
        return new ZkProvenBatch(batchNumber, state.Root, result, new ZkTransferBatchProof(witnesses, stateProof, signatureProof));
    }

    /// <summary>Independent batches (each from its own state) proven concurrently, for operators with cores to spare.</summary>
    public ZkProvenBatch[] ProveMany(IReadOnlyList<(ZkState State, IReadOnlyList<TransferTx> Transfers, ulong BatchNumber)> batches)
    {
        var results = new ZkProvenBatch[batches.Count];
        Parallel.For(0, batches.Count, i => results[i] = Prove(batches[i].State, batches[i].Transfers, batches[i].BatchNumber));
        return results;
    }
}

/// <summary>A proven batch: the new state, its pubdata and commitment, and the proof.</summary>
public sealed record ZkProvenBatch(ulong BatchNumber, Stark.Hashing.RpoDigest OldStateRoot, ZkBatchResult Result, ZkTransferBatchProof Proof)
{
    public Stark.Hashing.RpoDigest NewStateRoot => Result.State.Root;
}
