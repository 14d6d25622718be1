using Lamina.Client;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Node.Tests.Support;
using Lamina.Stark.Proofs;

namespace Lamina.Node.Tests.ZkRollups;

/// <summary>A real node whose genesis turns blobs on, hence the ZK rollups module.</summary>
public sealed class ZkL1NodeFixture : NodeFixture
{
    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs();
        return StartAsync();
    }
}

/// <summary>
/// The ZK rollups module through a real node: registration and a deposit sent over RPC, then a proven batch sent in
/// its network form (proof in the body, pubdata as the carried blob, through the sidecar machinery to a block), whose
/// withdrawal is credited in the block that proves it; the zkl1_* methods read it all back.
/// </summary>
public sealed class ZkL1NodeTests(ZkL1NodeFixture node) : IClassFixture<ZkL1NodeFixture>
{
    private const uint Id = 5;

    private static async Task<ulong> FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.NetworkEncoded);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
        return final!.BlockHeight!.Value;
    }

    [Fact]
    public async Task A_batch_sent_over_RPC_settles_and_pays_its_withdrawal_in_its_own_block()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var key = node.Home.Funded[0];
        var builder = new ZkRollupTxBuilder(key, TestHome.ChainId, (await client.GetAccountAsync(key.Address)).PendingNonce, 10_000, 2);
        var alice = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)0x21, 32).ToArray());
        await FinalAsync(client, builder.Register(new ZkRollupConfig(Id, AccountTree.EmptyRoot, ZkAirVersions.Current, 1_000)));
        await FinalAsync(client, builder.Deposit(Id, 3, alice.PublicKey, 800));

        var queue = await client.GetZkPriorityQueueAsync(Id);
        var request = Assert.Single(queue.Items);
        Assert.Equal(("deposit", "pending", (ulong?)3), (request.Kind, request.Status, request.To));
        var domain = new ZkRollupDomain(TestHome.ChainId, Id);
        var payee = new Core.Address(Enumerable.Repeat((byte)0xC7, 20).ToArray());
        var proven = new ZkBatchProver(domain, ProofOptions.Default).Prove(new ZkState(), [ZkTransaction.Decode(request.Operation), WithdrawalTx.Create(3, 300, payee, 0, alice, domain)], 0);
        var submission = builder.Batch(Id, proven, 0, 1_000);
        var height = await FinalAsync(client, submission);

        var rollup = await client.GetZkRollupAsync(Id);
        Assert.Equal(proven.Result.State.Accounts.Root.ToBytes(), rollup.AccountRoot.ToArray());
        Assert.Equal(((ulong?)0, 1UL, 0UL, false), (rollup.LastProvenBatch, rollup.PriorityQueueHead, rollup.PriorityQueueLength, rollup.Frozen));
        Assert.Equal((UInt128)500, rollup.Escrowed);
        var batch = await client.GetZkBatchAsync(Id, 0);
        Assert.Equal((height, (ulong)proven.Result.Pubdata.Length, 0), (batch.L1Height, batch.PubdataBytes, batch.BlobIndex));
        Assert.Equal(BlobCommitment.Of(proven.Result.Pubdata), batch.PubdataCommitment);
        // Proof size and the deterministic gas are L1 state; the verify time is this node's own measurement.
        var payload = (ZkBatchPayload)submission.Payload;
        Assert.Equal(((ulong)payload.ProofBytes.Length, payload.IntrinsicGas), (batch.ProofBytes, batch.Gas));
        Assert.True(batch.ThisNodeVerifyUs > 0, "the node verified the proof and says how long it took");
        Assert.Equal((UInt128)300, (await client.GetAccountAsync(payee)).Balance);
        Assert.False((await client.GetZkExitAsync(Id, 3)).Exited);
        Assert.Empty((await client.GetZkRejectionsAsync(Id)).Items);

        // Batch 1 carrying batch 0's proof for the withdrawal alone: included as failed, its typed reason read back.
        var ops = proven.Result.Ops.Skip(1).ToList();
        var effects = ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, ops, 1);
        var failing = builder.Batch(Id, 1, effects, PubdataCodec.Encode(ops), proven.Proof, 1_000);
        var failedAt = await FinalAsync(client, failing);
        var rejection = Assert.Single((await client.GetZkRejectionsAsync(Id)).Items);
        Assert.Equal((failing.Hash, failedAt, 1UL, "ProofInvalid"), (rejection.TxHash, rejection.L1Height, rejection.BatchNumber, rejection.Reason));
        Assert.NotNull(rejection.Detail);
        Assert.NotNull(rejection.Message); // this node verified it at admission
        Assert.Equal(1UL, (await client.GetZkRollupAsync(Id)).RejectedBatches);
        Assert.Equal((UInt128)300, (await client.GetAccountAsync(payee)).Balance);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetZkBatchAsync(Id, 1));
        Assert.Equal(RpcErrorCodes.NotFound, missing.Code);
    }
}
