using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Derivation;

/// <summary>
/// The data fee follows the blob base fee of each L2 block's L1 origin (issue 13: users pay for what the rollup
/// posts): the sequencer admits at the newest L1 block's price, a block whose origin is pricier drops what pays too
/// little for it, and derivation prices every block at its own origin's fee, so it rebuilds the sequencer's blocks.
/// </summary>
public sealed class OriginFeeTests
{
    // Fjord's floor: every transaction pays for at least 100 bytes at the origin's blob base fee; no execution fee.
    private static readonly OptimisticFeeSchedule Rule = OptimisticFeeSchedule.ForBlobBaseFee(0, 0, 73);

    [Fact]
    public void Each_block_charges_its_origins_blob_base_fee_and_derivation_agrees()
    {
        var harness = new RollupHarness(RollupHarness.Config() with { Fees = Rule });
        harness.AddL1Block([(TestKeys.Key(0).Address, 100_000)], [], [], blobBaseFee: 1);
        Assert.Equal(100UL, harness.Sequencer.AdmissionFees.RequiredFee());

        // At a price of 1 per byte, 100 is enough: admitted and built into a block with that origin.
        harness.RunL2Interval(tick =>
        {
            if (tick == 1) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(1), 10, 0, fee: 100));
        });
        var cheap = harness.Sequencer.Head;
        Assert.Equal(1UL, harness.Sequencer.Machine.GetAccount(cheap.StateRoot, TestKeys.Key(0).Address).Nonce);

        // Admitted at price 1, but the next L1 block (price 3) arrives before the block is built: that block takes the
        // new origin and drops the transaction, which now pays less than 300.
        harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(1), 10, 1, fee: 100));
        harness.AddL1Block([], [], harness.PostBatch(), blobBaseFee: 3);
        var dropped = harness.Sequencer.BuildBlock(harness.Now + 10)!;
        Assert.Equal(DroppedTransaction(OptimisticTransitionError.FeeTooLow), Assert.Single(dropped.Dropped));
        Assert.Equal(0U, dropped.Block.Header.TxCount);

        // At price 3 admission asks 300: 100 is refused at once, 300 is taken.
        var refused = Assert.Throws<InvalidOptimisticTransactionException>(() => harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(1), 10, 1, fee: 100)));
        Assert.Equal(OptimisticTransitionError.FeeTooLow, refused.Error);
        harness.RunL2Interval(tick =>
        {
            if (tick == 0) harness.Sequencer.Submit(TestKeys.Transfer(0, TestKeys.Addr(1), 10, 1, fee: 300));
        });
        harness.AddL1Block([], [], harness.PostBatch(), blobBaseFee: 3);
        harness.AddL1Block([], [], harness.PostBatch(), blobBaseFee: 3);

        var verifier = harness.Derive();
        Assert.Empty(verifier.Rejected);
        Assert.Equal(harness.Sequencer.Head, verifier.Safe);
        Assert.Equal(cheap, verifier.GetBlock(cheap.Number)!.Header);
        var sender = verifier.Machine.GetAccount(verifier.Safe.StateRoot, TestKeys.Key(0).Address);
        Assert.Equal((2UL, 100_000UL - 10 - 100 - 10 - 300), (sender.Nonce, sender.Balance));
        Assert.Equal(400UL, verifier.Machine.GetAccount(verifier.Safe.StateRoot, TestKeys.Sequencer).Balance);
    }

    [Fact]
    public void The_same_block_executed_at_another_origins_price_differs()
    {
        var machine = TestKeys.Machine(Rule);
        var genesis = TestKeys.Genesis;
        var executor = new L2BlockExecutor(machine);
        L2BlockInputs At(ulong price) => new(10, genesis.TimestampMs + 1, [new L2Deposit(0, TestKeys.Key(0).Address, 10_000)], [],
            [TestKeys.Transfer(0, TestKeys.Addr(1), 5, 0, fee: 200)], Rule with { BlobBaseFeePerByte = price });
        Assert.Equal(2U, executor.Execute(genesis, At(2)).Block.Header.TxCount);
        var pricier = executor.Execute(genesis, At(3));
        Assert.Equal(1U, pricier.Block.Header.TxCount);
        Assert.Equal(OptimisticTransitionError.FeeTooLow, Assert.Single(pricier.Dropped).Error);
    }

    private static DroppedTransaction DroppedTransaction(OptimisticTransitionError error) => new(L2TxKind.Sequenced, 0, error);
}
