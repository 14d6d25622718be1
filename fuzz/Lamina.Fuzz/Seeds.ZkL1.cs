using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the ZK rollups module targets: one real body per kind and one real encoding per record type.</summary>
    private static void AddZkL1Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var key = ZkSigningKey.FromSeed(Filled(32, 0x01));
        var domain = new ZkRollupDomain("lamina-fuzz", 9);
        var alice = new Address(Filled(20, 0x33));
        var tree = new AccountTree();
        tree.Set(3, new AccountLeaf(key.PublicKey, 900, 1));
        var config = new ZkRollupConfig(9, tree.Root, ZkAirVersions.Current, 4);
        var effects = new ZkBatchEffects(tree.Root, 2, [new ZkPayout(alice, 300)], [7]);
        var proof = new ZkBatchProof([new SignerWitness(0, key.PublicKey, key.Sign(tree.Root))], [new AccountLeaf(null, 0, 0)], Filled(64, 0x5A));

        TxPayload[] payloads =
        [
            new ZkRegisterPayload(config),
            new ZkDepositPayload(9, 3, key.PublicKey, 1_000),
            ZkForcedExitPayload.Sign(9, 3, alice, 1, key, domain),
            new ZkBatchPayload(9, 2, effects, 1_000, Filled(44, 0x01), proof),
            ZkExodusPayload.Sign(9, 3, tree.Get(3), tree.Siblings(3), alice, key, domain),
            new ZkRefundPayload(9, 2),
        ];
        seeds["zk-l1-payload"] = [.. payloads.Select(p =>
        {
            var writer = new CanonicalWriter();
            writer.WriteU8((byte)p.Kind);
            p.EncodeBody(writer);
            return writer.ToArray();
        })];

        byte[] Record<T>(int selector, T value) where T : ICanonical<T> => [(byte)selector, .. Canonical.Encode(value)];
        var hash = new Hash256(Filled(32, 0x55));
        seeds["zk-l1-record"] =
        [
            Record(0, new ZkRollupRecord(config, 1, tree.Root, 3, 2, 5, 1_500, 300, 6, 0, 1, 0)),
            Record(1, new ZkPriorityRecord(0, alice, 2, new DepositOp(0, 3, key.PublicKey, 1_000), ZkPriorityStatus.Processed, 3)),
            Record(2, new ZkBatchRecord(2, 6, hash, alice, tree.Root, tree.Root, 0, 2, 1, 300, 1, 44, hash, 79_000, 3_000_000)),
            Record(3, new ZkRejectionRecord(0, 6, hash, alice, 2, ZkRollupError.ProofInvalid, 5)),
            Record(3, new ZkRejectionRecord(7, 9, hash, alice, 3, ZkRollupError.PriorityQueueViolation, 1)),
            Record(3, new ZkRejectionRecord(8, 9, hash, alice, 3, ZkRollupError.EffectsMismatch, 0)),
            Record(4, new ZkExitRecord(3, alice, 900, 8)),
            Record(5, new ZkIndexRecord([3, 9])),
            Record(6, new ZkBlockFailureRecord(6)),
        ];
    }
}
