using Lamina.Core;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the ZK targets: one signed operation of every kind, the pubdata of a batch holding all of them.</summary>
    private static void AddZkSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var domain = new ZkRollupDomain("lamina-fuzz", 1);
        var alice = ZkSigningKey.FromSeed(Filled(32, 1));
        var bob = ZkSigningKey.FromSeed(Filled(32, 2));
        var l1 = new Address(Filled(Address.Size, 0xab));
        List<ZkTransaction> txs =
        [
            new DepositOp(0, 1, alice.PublicKey, 1_000_000),
            new DepositOp(1, 2, bob.PublicKey, AccountLeaf.MaxBalance - 20),
            TransferTx.Create(1, 2, PackedAmount.Pack(10), 0, alice, domain),
            TransferToNewTx.Create(1, 16_777_215, bob.PublicKey, PackedAmount.Pack(12_000), 1, alice, domain),
            WithdrawalTx.Create(1, 7, l1, 2, alice, domain),
            ForcedExitOp.Create(2, 2, l1, 5, bob, domain),
            ForcedExitOp.Create(3, 1, l1, 3, alice, domain),
        ];
        seeds["zk-transaction"] = [.. txs.Select(t => t.Encode())];
        var result = new ZkBatchExecutor(domain).ApplyBatch(new ZkState(), txs);
        seeds["zk-pubdata"] = [result.Pubdata, PubdataCodec.Encode([result.Ops[2]])];
        var signature = ((SignedZkTransaction)txs[2]).Signature;
        seeds["zk-key-signature"] = [[.. alice.PublicKey.ToArray(), .. signature.ToArray()]];
        seeds["zk-batch-proof"] =
        [
            new ZkBatchProof([new SignerWitness(0, alice.PublicKey, signature)], [], Filled(64, 7)).Encode(),
            new ZkBatchProof([new SignerWitness(uint.MaxValue, bob.PublicKey, signature), new SignerWitness(1, alice.PublicKey, signature)],
                [AccountLeaf.Empty, new AccountLeaf(bob.PublicKey, AccountLeaf.MaxBalance, uint.MaxValue)], [1]).Encode(),
            new ZkBatchProof([new SignerWitness(3, alice.PublicKey, signature)], [AccountLeaf.Empty], Filled(32, 9))
            {
                ProofVersion = ZkBatchProof.NativeChallengeVersion, // v4 carries the signatures
            }.Encode(),
            new ZkBatchProof([new SignerWitness(2, bob.PublicKey, signature)], [], Filled(16, 5))
            {
                ProofVersion = ZkBatchProof.QuinticNextYVersion, // v5: v6's encoding under another version byte
            }.Encode(),
        ];
    }
}
