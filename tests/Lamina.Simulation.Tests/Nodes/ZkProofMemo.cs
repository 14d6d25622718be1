using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// Batch proofs for the simulation, each proven once per test process: the prover is deterministic, and every run's
/// batch n is the same operation on the same state (the scripted workload, one operation per batch), so a sweep
/// pays for a handful of real STARKs (L1 checks them at 100 conjectured bits, as on any chain) and each run only
/// verifies. The key is the batch's number, starting root and operations, so a different batch is proven afresh.
/// </summary>
internal static class ZkProofMemo
{
    private static readonly ConcurrentDictionary<string, Lazy<ZkProvenBatch>> Proofs = new();

    public static ZkProvenBatch Prove(ZkBatchProver prover, ZkBatchPlan plan)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(plan.Number));
        hash.AppendData(plan.Before.Root.ToBytes());
        hash.AppendData(prover.Executor.Domain.Digest.ToBytes());
        foreach (ZkTransaction op in plan.Ops) hash.AppendData(op.Encode());
        var key = Convert.ToHexString(hash.GetHashAndReset());
        return Proofs.GetOrAdd(key, _ => new Lazy<ZkProvenBatch>(() => prover.Prove(plan.Before, plan.Ops, plan.Number))).Value;
    }
}
