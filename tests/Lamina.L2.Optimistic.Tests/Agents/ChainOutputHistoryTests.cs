using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// Real L2 blocks (built by <see cref="L2BlockExecutor"/>) seen as a dispute history: L1's game starts a block's
/// execution where the header preimage says, and L1's step (<see cref="ExecutionStep.Next"/>, from the proofs this
/// history builds) walks from the parent's state through every transaction to the header's final point.
/// </summary>
public sealed class ChainOutputHistoryTests
{
    [Fact]
    public void L1_steps_through_every_transaction_of_real_blocks_to_the_header_final_point()
    {
        var store = new InMemorySmtNodeStore();
        var machine = new OptimisticStateMachine(store, TestKeys.ChainId, TestKeys.RollupId, TestKeys.Sequencer);
        var executor = new L2BlockExecutor(machine);
        var chain = new List<L2Block> { new(TestKeys.Genesis, [], []) };
        var first = executor.Execute(TestKeys.Genesis, new L2BlockInputs(10, TestKeys.Genesis.TimestampMs + 1,
            [new L2Deposit(0, TestKeys.Key(0).Address, 500), new L2Deposit(1, TestKeys.Key(1).Address, 300)], [],
            [TestKeys.Transfer(0, TestKeys.Addr(0xB0), 40, 0), TestKeys.Withdraw(1, TestKeys.Addr(0xB1), 25, 0)])).Block;
        chain.Add(first);
        var second = executor.Execute(first.Header, new L2BlockInputs(11, first.Header.TimestampMs + 1, [], [],
            [TestKeys.Transfer(0, TestKeys.Addr(0xB2), 7, 1), TestKeys.Transfer(1, TestKeys.Key(0).Address, 9, 1), TestKeys.Transfer(0, TestKeys.Addr(0xB0), 1, 2)])).Block;
        chain.Add(second);
        chain.Add(executor.Execute(second.Header, new L2BlockInputs(11, second.Header.TimestampMs + 1, [], [], [])).Block);
        var history = new ChainOutputHistory(n => n < (ulong)chain.Count ? chain[(int)n] : null, store, machine.Context);

        for (var n = 1; n < chain.Count; n++)
        {
            var block = chain[n];
            var header = L2HeaderPreimage.Decode(history.Header((ulong)n)!);
            Assert.Equal(header.Final, history.Final((ulong)n));
            Assert.Equal(history.OutputRoot((ulong)n), header.Output.Root);
            Assert.Equal(chain[n - 1].Header.Hash, header.ParentHash);
            // Where a descent starts: the parent's state root and the header's list.
            var point = ExecutionPoint.Start(chain[n - 1].Header.StateRoot, header.TxRoot, header.TxCount);
            for (var t = 0UL; t < Math.Max(1UL, header.TxCount); t++)
            {
                var next = ExecutionStep.Next(history.ProofFrom((ulong)n, point)!, machine.Context);
                Assert.Equal(history.Point((ulong)n, t), next);
                point = next;
            }
            Assert.Equal(header.Final, point);
            Assert.Equal(block.Transactions.Count, (int)header.TxCount);
        }
    }
}
