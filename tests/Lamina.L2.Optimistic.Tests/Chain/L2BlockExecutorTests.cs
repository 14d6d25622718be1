using Lamina.Core;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Chain;

public sealed class L2BlockExecutorTests
{
    private static readonly Address Bob = TestKeys.Addr(0xB0);

    [Fact]
    public void Deposits_then_forced_then_sequenced_with_a_root_after_each()
    {
        var machine = TestKeys.Machine();
        var alice = TestKeys.Key(0).Address;
        var genesis = TestKeys.Genesis;
        var forced = TestKeys.Transfer(0, Bob, 10, 0);
        var sequenced = TestKeys.Transfer(0, Bob, 20, 1);
        // Listed in the opposite order to how they must apply: the executor's order, not the caller's, decides.
        var result = new L2BlockExecutor(machine).Execute(genesis, new L2BlockInputs(10, genesis.TimestampMs + 1,
            [new L2Deposit(0, alice, 100)], [new ForcedTransaction(0, 10, forced)], [sequenced]));

        var block = result.Block;
        Assert.Equal([L2TxKind.Deposit, L2TxKind.Forced, L2TxKind.Sequenced], block.Transactions.Select(t => t.Kind));
        var r1 = machine.ApplyDeposit(genesis.StateRoot, alice, 100);
        var r2 = machine.ApplyTransfer(r1, forced.ToTransfer());
        var r3 = machine.ApplyTransfer(r2, sequenced.ToTransfer());
        Assert.Equal([r1, r2, r3], block.IntermediateRoots);
        Assert.Equal(r3, block.Header.StateRoot);
        Assert.Equal(new OptimisticAccount(70, 2), machine.GetAccount(r3, alice));
        Assert.Equal(1UL, block.Header.Number);
        Assert.Equal(genesis.Hash, block.Header.ParentHash);
        Assert.Equal((1UL, 1UL, 3U), (block.Header.NextDeposit, block.Header.NextForced, block.Header.TxCount));
    }

    [Fact]
    public void Invalid_user_transactions_are_dropped_with_their_reason_and_leave_no_trace()
    {
        var machine = TestKeys.Machine();
        var alice = TestKeys.Key(0).Address;
        var genesis = TestKeys.Genesis;
        var tampered = TestKeys.Transfer(0, Bob, 5, 0) with { Amount = 6 };
        var result = new L2BlockExecutor(machine).Execute(genesis, new L2BlockInputs(10, genesis.TimestampMs + 1,
            [new L2Deposit(0, alice, 50)],
            [new ForcedTransaction(0, 10, TestKeys.Transfer(1, Bob, 1, 0))], // key 1 has no funds
            [tampered, TestKeys.Transfer(0, Bob, 5, 3), TestKeys.Transfer(0, Bob, 500, 0), TestKeys.Transfer(0, Bob, 5, 0)]));

        Assert.Equal(
            [
                new DroppedTransaction(L2TxKind.Forced, 0, OptimisticTransitionError.InsufficientBalance),
                new DroppedTransaction(L2TxKind.Sequenced, 0, OptimisticTransitionError.BadSignature),
                new DroppedTransaction(L2TxKind.Sequenced, 1, OptimisticTransitionError.BadNonce),
                new DroppedTransaction(L2TxKind.Sequenced, 2, OptimisticTransitionError.InsufficientBalance),
            ], result.Dropped);
        Assert.Equal(2U, result.Block.Header.TxCount);
        // The forced transaction is consumed from the queue even though it was dropped: it never comes back.
        Assert.Equal(1UL, result.Block.Header.NextForced);
        Assert.Equal(new OptimisticAccount(45, 1), machine.GetAccount(result.Block.Header.StateRoot, alice));
    }

    [Fact]
    public void Broken_chain_rules_are_refused_with_a_typed_error()
    {
        var executor = new L2BlockExecutor(TestKeys.Machine());
        var genesis = TestKeys.Genesis;
        L2BlockError Refuse(L2BlockInputs inputs) => Assert.Throws<InvalidL2BlockException>(() => executor.Execute(genesis, inputs)).Error;
        Assert.Equal(L2BlockError.OriginRegressed, Refuse(new(9, genesis.TimestampMs + 1, [], [], [])));
        Assert.Equal(L2BlockError.BadTimestamp, Refuse(new(10, genesis.TimestampMs, [], [], [])));
        Assert.Equal(L2BlockError.QueueGap, Refuse(new(10, genesis.TimestampMs + 1, [new L2Deposit(1, Bob, 1)], [], [])));
        Assert.Equal(L2BlockError.QueueGap, Refuse(new(10, genesis.TimestampMs + 1, [], [new ForcedTransaction(2, 1, TestKeys.Transfer(0, Bob, 1, 0))], [])));
    }

    [Fact]
    public void Execution_is_deterministic_across_independent_machines()
    {
        var genesis = TestKeys.Genesis;
        var inputs = new L2BlockInputs(12, genesis.TimestampMs + 50, [new L2Deposit(0, TestKeys.Key(2).Address, 1_000), new L2Deposit(1, Bob, 3)], [],
            [TestKeys.Transfer(2, Bob, 10, 0), TestKeys.Withdraw(2, TestKeys.Addr(1), 30, 1), TestKeys.Transfer(2, TestKeys.Key(2).Address, 1, 2)]);
        var a = new L2BlockExecutor(TestKeys.Machine()).Execute(genesis, inputs).Block;
        var b = new L2BlockExecutor(TestKeys.Machine()).Execute(genesis, inputs).Block;
        Assert.Equal(a.Header.Hash, b.Header.Hash);
        Assert.Equal(5U, a.Header.TxCount);
    }
}
