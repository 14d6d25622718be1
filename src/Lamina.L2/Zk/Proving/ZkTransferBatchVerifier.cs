using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// Checks a transfer batch against what L1 knows: the old and new account roots (transfers leave the priority
/// counter, the other half of the state root, unchanged), the batch number and the pubdata, from which it rebuilds
/// every public input (the caller checks the pubdata against its commitment on DA). Both proofs must
/// verify at the minimum security level (100 conjectured bits by default); any failure is an <see cref="InvalidProofException"/>.
/// </summary>
public static class ZkTransferBatchVerifier
{
    public static void Verify(ZkRollupDomain domain, RpoDigest oldAccountRoot, RpoDigest newAccountRoot, ulong batchNumber,
        IReadOnlyList<PubdataOp> pubdata, ZkTransferBatchProof proof, int minimumSecurityBits = StarkVerifier.DefaultMinimumSecurityBits)
    {
        if (pubdata.Count == 0 || pubdata.Count != proof.Transfers.Count)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, "the proof must carry one witness per pubdata operation");
        }
        var statements = new List<TransferStatement>(pubdata.Count);
        var signatures = new List<SchnorrStatement>(pubdata.Count);
        for (int i = 0; i < pubdata.Count; i++)
        {
            PubdataOp op = pubdata[i];
            if (op.Kind != ZkTxKind.Transfer)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i} is a {op.Kind}; only transfers have an AIR yet");
            }
            if (op.Account == op.Other || op.Amount == 0)
            {
                // The AIR would accept these (they move nothing), but the executor refuses them: keep the two in step.
                throw new InvalidProofException(ProofRejection.InvalidAir, $"transfer {i} is a self-transfer or moves nothing");
            }
            TransferWitness w = proof.Transfers[i];
            statements.Add(new TransferStatement(op.Account, op.Other, op.Amount, w.Nonce, w.SenderKey));
            var tx = new TransferTx(op.Account, op.Other, op.Packed, w.Nonce, w.Signature);
            SchnorrStatement signature;
            try
            {
                signature = new SchnorrStatement(w.SenderKey, tx.SigningMessage(domain), w.Signature);
            }
            catch (ArgumentException e)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, $"transfer {i}: {e.Message}");
            }
            signatures.Add(signature);
        }
        StarkVerifier.Verify(new TransferUpdatesAir(oldAccountRoot, newAccountRoot, statements, batchNumber), proof.StateProof, minimumSecurityBits);
        StarkVerifier.Verify(new SchnorrSignaturesAir(signatures), proof.SignatureProof, minimumSecurityBits);
    }
}
