using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the ZK operator targets: a submission with real pubdata (and a stand-in proof), and journal records of a plan and of a proven batch.</summary>
    private static void AddZkOperatorSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var domain = new ZkRollupDomain("lamina-fuzz", 1);
        var alice = ZkSigningKey.FromSeed(Filled(32, 1));
        var result = new ZkBatchExecutor(domain).ApplyBatch(new ZkState(),
            [new DepositOp(0, 1, alice.PublicKey, 1_000), TransferToNewTx.Create(1, 2, alice.PublicKey, PackedAmount.Pack(10), 0, alice, domain)]);
        var submission = new ZkBatchSubmission(1, 0, result.State.Accounts.Root, result.PubdataCommitment, result.Pubdata, Filled(64, 0x5a));
        var empty = new ZkBatchSubmission(3, 7, RpoDigest.Zero, RpoDigest.Zero, [], []);
        seeds["zk-batch-submission"] = [submission.Encode(), empty.Encode()];
        seeds["zk-stored-batch"] =
        [
            new ZkStoredBatch(1, 0, 2, 0, null).Encode(),
            new ZkStoredBatch(1, 0, 2, 1_234, submission).Encode(),
            new ZkStoredBatch(3, 40, ZkStoredBatch.MaxOps, uint.MaxValue, empty).Encode(),
        ];
    }
}
