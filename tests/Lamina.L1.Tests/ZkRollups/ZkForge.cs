using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.Stark.Air;
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
        var (_, root) = AccountTreeTransitionTrace.Build(tree, statements.Updates);
        StarkAir air = ZkBatchAir.For(tree.Root, root, statements, batchNumber);
        byte[] stark = ProofCodec.Encode(StarkProver.Prove(air, ZkBatchAir.BuildTrace(tree, air), ProofOptions.Default, skipSelfChecks: true));
        return (new ZkBatchProof(witnesses, [], stark), root);
    }
}
