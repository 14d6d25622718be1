using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// The trace builder copies permutation rows instead of recomputing them (an old path through nodes an earlier segment's
/// new path produced, a leaf that does not change, the zero-state padding cycles) and writes the new path's digests into
/// its tree without hashing them again: every copied cycle must still be the permutation of its first row, and the
/// root must be the executor's.
/// </summary>
public sealed class AccountTreeTransitionTraceTests
{
    [Fact]
    public void Every_cycle_is_the_permutation_of_its_first_row_and_the_root_is_the_executors()
    {
        ZkState state = Funded();
        // A and B both touched twice (the second touches' old paths are earlier new paths), one transfer back and forth,
        // a withdrawal; 7 updates pad to 8 segments (an unchanged leaf).
        var txs = new List<ZkTransaction>
        {
            TransferTx.Create(A, B, PackedAmount.Pack(300), 0, Alice, Domain),
            TransferTx.Create(B, A, PackedAmount.Pack(30), 0, Bob, Domain),
            TransferTx.Create(A, B, PackedAmount.Pack(7), 1, Alice, Domain),
            WithdrawalTx.Create(B, 5, L1, 1, Bob, Domain),
        };
        ZkBatchResult native = new ZkBatchExecutor(Domain).ApplyBatch(state, txs);
        var updates = new List<LeafUpdateStatement>();
        foreach (TransferTx t in txs.OfType<TransferTx>())
        {
            updates.AddRange(LeafUpdates.Transfer(new TransferStatement(t.From, t.To, t.Amount.Value, t.Nonce, (t.From == A ? Alice : Bob).PublicKey)));
        }
        updates.Add(LeafUpdates.Debit(B, 5, 1, Bob.PublicKey));

        var (trace, root) = AccountTreeTransitionTrace.Build(state.Accounts, updates);

        Assert.Equal(native.State.Accounts.Root, root);
        Assert.Equal(8 * AccountTreeTransitionLayout.SegmentLength, trace.Length);
        Span<Felt> expected = stackalloc Felt[Rpo256.StateWidth];
        for (int cycleStart = 0; cycleStart < trace.Length; cycleStart += AccountTreeTransitionLayout.Cycle)
        {
            foreach (int column in new[] { AccountTreeTransitionLayout.Old, AccountTreeTransitionLayout.New })
            {
                for (int j = 0; j < Rpo256.StateWidth; j++) expected[j] = trace[column + j, cycleStart];
                for (int r = 1; r < AccountTreeTransitionLayout.Cycle; r++)
                {
                    Rpo256.ApplyRound(expected, r - 1);
                    for (int j = 0; j < Rpo256.StateWidth; j++)
                    {
                        Assert.Equal(expected[j], trace[column + j, cycleStart + r]);
                    }
                }
            }
        }
    }
}
