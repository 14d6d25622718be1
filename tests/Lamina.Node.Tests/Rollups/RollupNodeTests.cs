using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests.Rollups;

/// <summary>A real node (RocksDB, Kestrel, a block every 50 ms) whose genesis turns blobs on and registers rollup 7 with a 1 s challenge window.</summary>
public sealed class RollupNodeFixture : NodeFixture
{
    public const ulong RollupId = 7;
    public const ulong L2ChainId = 77;
    public static readonly UInt128 Bond = 5_000;

    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs([new RollupConfig(RollupId, L2ChainId, SparseMerkleTree.EmptyRoot, Bond, 1, 10, Home.Funded[0].Address)]);
        return StartAsync();
    }
}

/// <summary>
/// The rollups module behind the node's RPC, driven only through Lamina.Client and <see cref="RollupTxBuilder"/> as the
/// rollup agents will: a blob, a deposit, a batch reference, a bonded output, a forced transaction, the output
/// finalizing after its window, a withdrawal paid, every rollup_* view, and a typed refusal.
/// </summary>
public sealed class RollupNodeTests(RollupNodeFixture node) : IClassFixture<RollupNodeFixture>
{
    private const ulong Id = RollupNodeFixture.RollupId;

    private static async Task<RollupTxBuilder> Builder(LaminaRpcClient client, SigningKey key)
        => new(key, TestHome.ChainId, (await client.GetAccountAsync(key.Address)).PendingNonce, 10_000, 2);

    private static async Task<ulong> FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.NetworkEncoded);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
        return final!.BlockHeight!.Value;
    }

    [Fact]
    public async Task A_rollup_is_served_end_to_end_through_the_typed_client()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var listed = Assert.Single((await client.ListRollupsAsync()).Rollups);
        Assert.Equal((Id, RollupNodeFixture.L2ChainId, RollupNodeFixture.Bond), (listed.RollupId, listed.L2ChainId, listed.ProposerBond));
        Assert.Equal(RollupNamespace.Of(Id).ToString(), listed.Namespace);

        var poster = await Builder(client, node.Home.Funded[0]);
        var user = node.Home.Funded[1];
        var depositor = await Builder(client, user);
        var blobHeight = await FinalAsync(client, poster.Sign(new BlobPayload(RollupNamespace.Of(Id), 10, new byte[300])));
        await FinalAsync(client, depositor.Deposit(Id, user.Address, 900));
        var dataRoot = (await client.GetBlockAsync(blobHeight)).DataRoot;

        // The L2 side: the deposit credited, a withdrawal burned, the output over that state.
        var machine = new OptimisticStateMachine(new InMemorySmtNodeStore(), RollupNodeFixture.L2ChainId, Id, node.Home.Funded[0].Address, OptimisticFeeSchedule.Free);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, user.Address, 900);
        var withdrawal = OptimisticWithdrawal.Create(user, RollupNodeFixture.L2ChainId, Id, node.Home.Funded[5].Address, 300, 0, 0);
        root = machine.ApplyWithdrawal(root, withdrawal);
        var output = new OptimisticOutput(root, Hash256.Zero, 1);

        await FinalAsync(client, poster.Batch(Id, 0, new BlobLocation(blobHeight, 0, dataRoot)));
        var proposer = await Builder(client, node.Home.Funded[2]);
        await FinalAsync(client, proposer.Output(Id, output, RollupNodeFixture.Bond));
        var forcer = await Builder(client, node.Home.Funded[3]);
        var forced = OptimisticTransfer.Create(user, RollupNodeFixture.L2ChainId, Id, node.Home.Funded[6].Address, 5, 0, 1);
        var forcedHeight = await FinalAsync(client, forcer.ForceInclude(Id, forced));

        var deposit = Assert.Single((await client.GetRollupDepositsAsync(Id)).Items);
        Assert.Equal((user.Address, user.Address, 900UL), (deposit.L1Sender, deposit.L2Recipient, deposit.Amount));
        var batches = await client.GetRollupBatchesAsync(Id);
        Assert.Equal((1UL, 1UL), (batches.Next, batches.Total));
        Assert.Equal(new Lamina.Client.Views.RollupBlobLocationView(blobHeight, 0, dataRoot), Assert.Single(Assert.Single(batches.Items).Blobs));
        // This node's module does not derive lists on L1: it records no blob commitments, and the field says so.
        Assert.Null(batches.Items[0].Commitments);
        // The same records, read block by block as derivation does.
        var atBlob = await client.GetRollupL1BlockAsync(Id, blobHeight);
        Assert.Equal([0], atBlob.BlobIndices);
        Assert.Equal((dataRoot, (await client.GetBlockAsync(blobHeight)).TimeMs), (atBlob.DataRoot, atBlob.L1TimeMs));
        // No block came near the blob gas target, so the excess is zero and the blob base fee is the floor.
        Assert.Equal(BlobFeeMarket.BaseFeePerBlobGas(0, BlobParameters.Default), atBlob.BlobBaseFee);
        var atForced = await client.GetRollupL1BlockAsync(Id, forcedHeight);
        Assert.Equal(forced.Encode(), Assert.Single(atForced.ForcedTransactions).L2Transaction);
        Assert.Empty(atForced.Deposits);
        var depositHeight = deposit.L1Height;
        Assert.Equal(900UL, Assert.Single((await client.GetRollupL1BlockAsync(Id, depositHeight)).Deposits).Amount);
        var notYet = await Assert.ThrowsAsync<RpcException>(() => client.GetRollupL1BlockAsync(Id, 1_000_000));
        Assert.Equal(RpcErrorCodes.NotFound, notYet.Code);
        var queued = Assert.Single((await client.GetRollupForcedTransactionsAsync(Id)).Items);
        Assert.Equal(forced.Encode(), queued.L2Transaction);
        Assert.Equal((forcedHeight, forcedHeight + 10), (queued.L1Height, queued.DeadlineHeight));
        Assert.Equal(forced, OptimisticTransfer.Decode(queued.L2Transaction));

        var outputs = await Wait.UntilAsync(() => client.GetRollupOutputsAsync(Id, from: 1), page => page.Items.Count == 1 && page.Items[0].IsFinalized,
            "the output to finalize after its 1 s window", TimeSpan.FromSeconds(20));
        Assert.Equal(output.Root, outputs.Items[0].OutputRoot);

        var relayer = await Builder(client, node.Home.Funded[4]);
        await FinalAsync(client, relayer.Withdraw(Id, 1, withdrawal.Receipt, machine.ProveWithdrawal(output, withdrawal.Receipt)));
        var paid = await client.GetRollupWithdrawalAsync(Id, withdrawal.Receipt.Id);
        Assert.True(paid.Finalized);
        Assert.Equal((UInt128)300, paid.Amount);
        Assert.Equal(TestHome.FundedBalance + 300, (await client.GetAccountAsync(node.Home.Funded[5].Address)).Balance);
        var rollup = await client.GetRollupAsync(Id);
        Assert.Equal(((UInt128)900, (UInt128)300, (UInt128)600), (rollup.TotalDeposited, rollup.TotalWithdrawn, rollup.Escrowed));
        Assert.Equal((UInt128)600, (await client.GetAccountAsync(rollup.EscrowAddress)).Balance);

        // Paid once: the same withdrawal is refused at admission with the module's typed reason.
        var again = await Assert.ThrowsAsync<RpcException>(() => client.SendTransactionAsync(relayer.Withdraw(Id, 1, withdrawal.Receipt, machine.ProveWithdrawal(output, withdrawal.Receipt)).Encoded));
        Assert.Equal((RpcErrorCodes.TransactionRejected, "RollupRejected", "WithdrawalAlreadyFinalized"), (again.Code, again.Reason, again.Detail));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.GetRollupAsync(99));
        Assert.Equal(RpcErrorCodes.NotFound, unknown.Code);
    }
}
