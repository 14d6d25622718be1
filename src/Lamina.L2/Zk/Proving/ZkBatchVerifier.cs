using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// Checks a batch against what L1 knows: the old and new account roots, the batch number, L1's queue of pending
/// priority operations, and the pubdata, from which it rebuilds every public input (the caller checks the pubdata
/// against its commitment on DA, and advances its priority counter, the other half of the state root, by the count
/// returned). The priority operations must be the queue's head, and each refused one must be refused by the
/// executor's rule on the leaf the proof opens (<see cref="PriorityQueueCheck"/>, failures are
/// <see cref="InvalidZkBatchException"/>s). The one STARK of <see cref="ZkBatchAir"/> (state transition and signatures)
/// must verify at the minimum security level (100 conjectured bits by default). Any proof failure is an
/// <see cref="InvalidProofException"/>.
/// </summary>
public static class ZkBatchVerifier
{
    /// <returns>How many priority operations of <paramref name="pendingPriorityOps"/> the batch consumed.</returns>
    public static int Verify(ZkRollupDomain domain, RpoDigest oldAccountRoot, RpoDigest newAccountRoot, ulong batchNumber,
        IReadOnlyList<PubdataOp> pubdata, IReadOnlyList<ZkTransaction> pendingPriorityOps, ZkBatchProof proof,
        int minimumSecurityBits = StarkVerifier.DefaultMinimumSecurityBits)
    {
        if (pubdata.Count == 0)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, "a batch holds at least one operation");
        }
        ZkBatchStatements statements = ZkBatchStatements.Build(domain, pubdata, proof.Signers, proof.Openings, proof.ProofVersion);
        int consumed = PriorityQueueCheck.Check(new ZkBatchExecutor(domain), pubdata, pendingPriorityOps, proof.Signers, proof.Openings);
        StarkVerifier.Verify(ZkBatchAir.For(oldAccountRoot, newAccountRoot, statements, batchNumber), proof.Stark, minimumSecurityBits);
        return consumed;
    }
}
