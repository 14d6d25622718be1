using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// Checks a batch against what L1 knows: the old and new account roots (the caller checks the priority counter,
/// the other half of the state root, and the deposits' and forced exits' pubdata against L1's priority queue), the
/// batch number and the pubdata, from which it rebuilds every public input (the caller checks the pubdata against
/// its commitment on DA). Both proofs must verify at the minimum security level (100 conjectured bits by default);
/// a batch without applied signed operations must carry an empty signature proof. Any failure is an
/// <see cref="InvalidProofException"/>.
/// </summary>
public static class ZkBatchVerifier
{
    public static void Verify(ZkRollupDomain domain, RpoDigest oldAccountRoot, RpoDigest newAccountRoot, ulong batchNumber,
        IReadOnlyList<PubdataOp> pubdata, ZkBatchProof proof, int minimumSecurityBits = StarkVerifier.DefaultMinimumSecurityBits)
    {
        if (pubdata.Count == 0)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, "a batch holds at least one operation");
        }
        ZkBatchStatements statements = ZkBatchStatements.Build(domain, pubdata, proof.Signers);
        StarkVerifier.Verify(new TransferUpdatesAir(oldAccountRoot, newAccountRoot, statements.Updates, batchNumber), proof.StateProof, minimumSecurityBits);
        if (statements.Signatures.Count == 0)
        {
            if (proof.SignatureProof.Length != 0)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, "no signed operation, yet a signature proof");
            }
            return;
        }
        StarkVerifier.Verify(new SchnorrSignaturesAir(statements.Signatures), proof.SignatureProof, minimumSecurityBits);
    }
}
