using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// A cheating operator: proves whatever pubdata it likes with the prover's own checks skipped (as the part-1
/// soundness tests do), and returns the proof and the account root its trace arrives at, which it claims on L1.
/// </summary>
internal static class ZkForge
{
    public static (ZkBatchProof Proof, RpoDigest ClaimedRoot) Prove(AccountTree tree, ulong batchNumber, IReadOnlyList<PubdataOp> pubdata, IReadOnlyList<SignerWitness> witnesses)
    {
        var statements = ZkBatchStatements.Build(ZkKit.Domain, pubdata, witnesses, []);
        var (trace, root) = AccountTreeTransitionTrace.Build(tree, statements.Updates);
        var stateAir = new AccountTreeTransitionAir(tree.Root, root, statements.Updates, batchNumber);
        var stateProof = ProofCodec.Encode(StarkProver.Prove(stateAir, trace, ProofOptions.Default, skipSelfChecks: true));
        byte[] signatureProof = [];
        if (statements.Signatures.Count > 0)
        {
            var signatureAir = new SchnorrSignaturesAir(statements.Signatures);
            signatureProof = ProofCodec.Encode(StarkProver.Prove(signatureAir, SchnorrSignaturesTrace.Build(signatureAir), ProofOptions.Default, skipSelfChecks: true));
        }
        return (new ZkBatchProof(witnesses, [], stateProof, signatureProof), root);
    }
}
