using Lamina.Client.Views;
using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic.L1Client;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// The challenger's RPC-backed records for games that derive lists on L1: L1's records as the rollup_* methods write
/// them (<see cref="RollupJson"/>), read back through the client's views (<see cref="RollupDepositView"/>,
/// <see cref="RollupForcedTransactionView"/>, <see cref="RollupBatchView"/> with its new <c>commitments</c>) into
/// <see cref="RpcRollupRecords"/>, answer every <see cref="Lamina.L1.Rollups.Dispute.Derivation.IRollupDerivationRecords"/>
/// question as L1's own records do, and note the L1 blocks a replay asked for and they lack.
/// </summary>
public sealed class RpcRollupRecordsTests
{
    private static readonly RollupConfig Rollup = new(TestKeys.RollupId, TestKeys.ChainId, Hash256.Zero, 1_000_000, 10, 5, TestKeys.Sequencer);
    private static readonly Uri Endpoint = new("http://l1.invalid/");

    private static ViewReader Read(System.Text.Json.Nodes.JsonObject json, string method) =>
        ViewReader.Of(System.Text.Json.Nodes.JsonNode.Parse(json.ToJsonString()), method, Endpoint);

    [Fact]
    public void Records_read_through_the_RPC_views_answer_as_L1_recorded_them()
    {
        var records = new RpcRollupRecords();
        var recipient = TestKeys.Addr(0x21);
        for (var i = 0UL; i < 3; i++)
            records.Add(RollupDepositView.Read(Read(RollupJson.Deposit(new RollupDepositRecord(Rollup.Id, i, TestKeys.Addr(0x01), recipient, 100 + i, 5 + i)), "rollup_getDeposits")));
        var transfer = TestKeys.Transfer(0, recipient, 7, 0).ToTransfer();
        var withdrawal = TestKeys.Withdraw(1, TestKeys.Addr(0x31), 9, 0).ToWithdrawal();
        records.Add(RollupForcedTransactionView.Read(Read(RollupJson.Forced(new RollupForcedRecord(Rollup.Id, 0, TestKeys.Addr(0x02), (byte)OptimisticTxKind.Transfer, transfer.Encode(), 6, 6_000), Rollup), "rollup_getForcedTransactions")));
        records.Add(RollupForcedTransactionView.Read(Read(RollupJson.Forced(new RollupForcedRecord(Rollup.Id, 1, TestKeys.Addr(0x02), (byte)OptimisticTxKind.Withdrawal, withdrawal.Encode(), 8, 8_000), Rollup), "rollup_getForcedTransactions")));
        byte[][] blobs = [[1, 2, 3], [4, 5]];
        var commitments = blobs.Select(b => BlobCommitment.Of(b)).ToArray();
        var located = new BlobLocation[] { new(9, 0, Hash256.Zero), new(9, 1, Hash256.Zero) };
        var withCommitments = Read(RollupJson.Batch(new RollupBatchRecord(Rollup.Id, 0, located, 10), commitments), "rollup_getBatches");
        var batch = RollupBatchView.Read(withCommitments);
        Assert.Equal(commitments, batch.Commitments);
        records.Add(batch);
        // A module without derived lists records no commitments: the field is null and the batch is none a game can read.
        var without = RollupBatchView.Read(Read(RollupJson.Batch(new RollupBatchRecord(Rollup.Id, 1, located, 11)), "rollup_getBatches"));
        Assert.Null(without.Commitments);
        records.Add(without);
        records.AddL1Block(6, 3, 6_000);

        var list = records.DerivationRecords();
        Assert.True(list.TryGet(2, out var to, out var amount));
        Assert.Equal((recipient, 102UL), (to, amount));
        Assert.False(list.TryGet(3, out _, out _));
        Assert.Equal(7UL, list.DepositHeight(2));
        Assert.Null(list.DepositHeight(3));
        Assert.Equal(ForcedL2Transaction.ToOneStep((byte)OptimisticTxKind.Transfer, transfer.Encode()).Encode(), list.Forced(0)!.Value.Transaction.Encode());
        Assert.Equal(OneStepTransaction.ForWithdrawal(withdrawal).Encode(), list.Forced(1)!.Value.Transaction.Encode());
        Assert.Equal(8UL, list.Forced(1)!.Value.L1Height);
        Assert.Null(list.Forced(2));
        Assert.Equal(commitments, list.Batch(0)!.Commitments);
        Assert.Equal(10UL, list.Batch(0)!.PostedAtHeight);
        Assert.Null(list.Batch(1));
        Assert.Null(list.Batch(2));
        Assert.Equal(6_000UL, list.L1TimeAt(6));
        Assert.Equal(3UL, list.BlobBaseFeeAt(6));
        Assert.Empty(list.Missing);
        // What a replay asks for and was not read is noted, so the reader fetches it and replays again.
        Assert.Null(list.L1TimeAt(12));
        Assert.Null(list.BlobBaseFeeAt(13));
        Assert.Equal([12UL, 13UL], list.Missing.Order());
        // The plain records (games that do not derive lists) carry no derivation records.
        var plain = records.Records();
        Assert.Null(plain.DepositHeight(0));
        Assert.Null(plain.Batch(0));
    }

    [Fact]
    public void A_forced_transaction_of_an_unknown_kind_is_refused()
    {
        var transfer = TestKeys.Transfer(0, TestKeys.Addr(0x21), 7, 0).ToTransfer();
        var view = RollupForcedTransactionView.Read(Read(RollupJson.Forced(new RollupForcedRecord(Rollup.Id, 0, TestKeys.Addr(0x02), 9, transfer.Encode(), 6, 6_000), Rollup), "rollup_getForcedTransactions"));
        Assert.Throws<FormatException>(() => new RpcRollupRecords().Add(view));
    }
}
