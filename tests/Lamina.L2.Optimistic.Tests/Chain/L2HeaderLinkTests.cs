using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Chain;

/// <summary>
/// The link between the L2 chain and L1's dispute game: L1 reads an L2 header with its own reader
/// (<see cref="L2HeaderPreimage"/>, L1 cannot reference this project) and must see the same fields, hash and output;
/// and the header's tx root is the root the execution game's points commit to (over one-step encodings).
/// </summary>
public sealed class L2HeaderLinkTests
{
    private static Hash256 Filled(byte b) => new([.. Enumerable.Repeat(b, Hash256.Size)]);

    [Fact]
    public void L1_reads_every_header_as_the_chain_writes_it()
    {
        var header = new L2BlockHeader(7, Filled(0x11), 42, 1_700_000_000_123, 3, 1, 5, 2, Filled(0x22), Filled(0x44));
        var seen = L2HeaderPreimage.Decode(header.Encode());
        Assert.Equal(L2BlockHeader.EncodedSize, L2HeaderPreimage.EncodedSize);
        Assert.Equal((header.Number, header.ParentHash, header.TxCount, header.TxRoot, header.StateRoot), (seen.Number, seen.ParentHash, seen.TxCount, seen.TxRoot, seen.StateRoot));
        Assert.Equal((header.L1Origin, header.TimestampMs, header.NextDeposit, header.NextForced, header.DelayBufferDeficit),
            (seen.L1Origin, seen.TimestampMs, seen.NextDeposit, seen.NextForced, seen.DelayBufferDeficit));
        Assert.Equal(header.Hash, seen.Hash);
        Assert.Equal(header.Output, seen.Output);
        Assert.Equal(header.Output.Root, seen.Output.Root);
    }

    [Fact]
    public void A_block_header_tx_root_is_the_execution_games_list_root()
    {
        var transactions = new List<L2Transaction>
        {
            L2Transaction.FromDeposit(new L2Deposit(0, TestKeys.Addr(0x31), 500)),
            L2Transaction.FromForced(new ForcedTransaction(0, 9, TestKeys.Transfer(0, TestKeys.Addr(0x32), 5, 0))),
            L2Transaction.FromSequenced(TestKeys.Transfer(0, TestKeys.Addr(0x33), 7, 1)),
            L2Transaction.FromSequenced(TestKeys.Withdraw(0, TestKeys.Addr(0x34), 9, 2)),
        };
        var oneStep = transactions.Select(L2Block.OneStepOf).ToList();
        Assert.Equal(ExecutionStep.TxListRootOf(oneStep), L2Block.TxRootOf(transactions));
        Assert.Equal(OneStepTransactionKind.Deposit, oneStep[0].Kind);
        Assert.Equal(OneStepTransactionKind.Withdrawal, oneStep[3].Kind);
        // The final point of the block's execution, as L1 derives it from the header alone.
        var header = new L2BlockHeader(3, Filled(0x11), 1, 2, 1, 1, 0, (uint)transactions.Count, L2Block.TxRootOf(transactions), Filled(0x44));
        Assert.Equal(new ExecutionPoint(Filled(0x44), ExecutionStep.TxListRootOf(oneStep), 4, 4, true), L2HeaderPreimage.Decode(header.Encode()).Final);
    }
}
