using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

/// <summary>Checking signatures ahead (on any core) changes no outcome of the rules.</summary>
public sealed class SignatureCheckedItemTests
{
    private const ulong ChainId = 7, RollupId = 3;
    private static readonly Address Sequencer = new([.. Enumerable.Repeat((byte)0xEE, Address.Size)]);
    private static readonly SigningKey[] Keys = [.. Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed([.. Enumerable.Repeat((byte)(i + 9), 32)]))];

    private static OptimisticBatchItem Item(int i, ulong nonce, bool withdrawal = false)
    {
        var key = Keys[i % Keys.Length];
        var to = Keys[(i + 1) % Keys.Length].Address;
        return withdrawal
            ? OptimisticBatchItem.From(OptimisticWithdrawal.Create(key, ChainId, RollupId, to, 5, 1, nonce))
            : OptimisticBatchItem.From(OptimisticTransfer.Create(key, ChainId, RollupId, to, 5, 1, nonce));
    }

    [Fact]
    public void Checking_in_parallel_answers_position_by_position_what_one_by_one_answers()
    {
        var items = Enumerable.Range(0, 300).Select(i =>
        {
            var item = Item(i, (ulong)i, withdrawal: i % 7 == 0);
            return i % 11 == 3 ? item with { Amount = 6 } : item; // forged
        }).ToList();
        var parallel = SignatureCheckedItem.CheckAll(items, ChainId, RollupId, maxDegree: 4);
        for (var i = 0; i < items.Count; i++)
        {
            var alone = SignatureCheckedItem.TryCheck(items[i], ChainId, RollupId);
            Assert.Equal(alone is null, parallel[i] is null);
            Assert.Equal(i % 11 == 3, parallel[i] is null);
            if (parallel[i] is { } ok) Assert.Equal(items[i], ok.Item);
        }
        Assert.All(SignatureCheckedItem.CheckAll(items, ChainId, RollupId + 1), Assert.Null);
    }

    [Fact]
    public void Applying_a_checked_item_gives_the_roots_and_refusals_of_the_raw_item()
    {
        var raw = new OptimisticStateMachine(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer, new OptimisticFeeSchedule(1, 0, 0, 0));
        var viaChecked = new OptimisticStateMachine(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer, new OptimisticFeeSchedule(1, 0, 0, 0));
        var rootA = raw.ApplyDeposit(SparseMerkleTree.EmptyRoot, Keys[0].Address, 100);
        var rootB = viaChecked.ApplyDeposit(SparseMerkleTree.EmptyRoot, Keys[0].Address, 100);
        // Applies, applies (withdrawal), wrong nonce, overdraft: the same root or the same refusal each time.
        OptimisticBatchItem[] items = [Item(0, 0), Item(0, 1, withdrawal: true), Item(0, 5), OptimisticBatchItem.From(OptimisticTransfer.Create(Keys[0], ChainId, RollupId, Sequencer, 1_000, 1, 2))];
        foreach (var item in items)
        {
            var expected = Try(() => item.ApplyTo(raw, rootA));
            var actual = Try(() => viaChecked.ApplyChecked(rootB, SignatureCheckedItem.Check(item, ChainId, RollupId)));
            Assert.Equal(expected, actual);
            if (expected.Root is { } r)
            {
                rootA = r;
                rootB = r;
            }
        }
        Assert.Equal(raw.GetAccount(rootA, Keys[0].Address), viaChecked.GetAccount(rootB, Keys[0].Address));
    }

    [Fact]
    public void A_forged_item_cannot_be_checked_and_a_checked_item_is_refused_by_another_rollup()
    {
        var forged = Item(1, 0) with { Fee = 9 };
        var refused = Assert.Throws<InvalidOptimisticTransactionException>(() => SignatureCheckedItem.Check(forged, ChainId, RollupId));
        Assert.Equal(OptimisticTransitionError.BadSignature, refused.Error);

        var otherRollup = new OptimisticStateMachine(new InMemorySmtNodeStore(), ChainId, RollupId + 1, Sequencer);
        var root = otherRollup.ApplyDeposit(SparseMerkleTree.EmptyRoot, Keys[1].Address, 100);
        var checkedHere = SignatureCheckedItem.Check(Item(1, 0), ChainId, RollupId);
        var wrongContext = Assert.Throws<InvalidOptimisticTransactionException>(() => otherRollup.ApplyChecked(root, checkedHere));
        Assert.Equal(OptimisticTransitionError.BadSignature, wrongContext.Error);
    }

    private static (Hash256? Root, OptimisticTransitionError? Error) Try(Func<Hash256> apply)
    {
        try
        {
            return (apply(), null);
        }
        catch (InvalidOptimisticTransactionException e)
        {
            return (null, e.Error);
        }
    }
}
