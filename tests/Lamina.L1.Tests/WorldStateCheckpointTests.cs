using CsCheck;
using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Staking;
using Lamina.L1.State;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>
/// Checkpoints over the <see cref="WorldState"/> overlay: any writes after a checkpoint, reverted, leave every read and
/// the committed root exactly as if they had never happened; discarded, they stay; nested checkpoints compose. Each
/// case is checked against a twin state that only ever received the writes that should survive.
/// </summary>
public sealed class WorldStateCheckpointTests
{
    private const int Accounts = 6;
    private const int Records = 6;

    /// <summary>One write: an account (some to empty, which deletes it at commit) or a record (some deletions).</summary>
    private readonly record struct Write(bool IsAccount, int Slot, ulong Value, bool Clear);

    private static readonly Gen<Write> AnyWrite =
        Gen.Select(Gen.Bool, Gen.Int[0, Accounts - 1], Gen.ULong[0, 3], Gen.Int[0, 4], (a, slot, value, clear) => new Write(a, slot, value, clear == 0));

    private static readonly Gen<Write[]> Writes = AnyWrite.Array[0, 12];

    private static Address AccountAt(int slot) => Addr(100 + slot);

    private static Hash256 RecordAt(int slot) => StateKeys.Unbonding(Addr(200 + slot));

    private static void Apply(WorldState state, IEnumerable<Write> writes)
    {
        foreach (var w in writes)
        {
            if (w.IsAccount) state.SetAccount(AccountAt(w.Slot), w.Clear ? Account.Empty : new Account(w.Value + 1, w.Value));
            else state.SetRecord(RecordAt(w.Slot % Records), w.Clear ? null : new UnbondingQueue([new UnbondingEntry(w.Value + 1, w.Value)]));
        }
    }

    /// <summary>A committed base (so reads fall through to the tree) and an uncommitted prefix (so the overlay has entries of its own).</summary>
    private static WorldState Start(InMemorySmtNodeStore nodes, Write[] committed, Write[] pending)
    {
        var state = new WorldState(nodes, SparseMerkleTree.EmptyRoot);
        Apply(state, committed);
        state.Commit();
        Apply(state, pending);
        return state;
    }

    private static void AssertSame(WorldState expected, WorldState actual)
    {
        for (var i = 0; i < Accounts; i++) Assert.Equal(expected.GetAccount(AccountAt(i)), actual.GetAccount(AccountAt(i)));
        for (var i = 0; i < Records; i++)
        {
            Assert.Equal(expected.GetRecord<UnbondingQueue>(RecordAt(i))?.Entries.ToArray(), actual.GetRecord<UnbondingQueue>(RecordAt(i))?.Entries.ToArray());
        }
        Assert.Equal(expected.Commit(), actual.Commit());
    }

    [Fact]
    public void Revert_leaves_every_read_and_the_root_as_before_the_checkpoint()
    {
        Gen.Select(Writes, Writes, Writes).Sample((committed, pending, undone) =>
        {
            var nodes = new InMemorySmtNodeStore();
            var state = Start(nodes, committed, pending);
            var twin = Start(nodes, committed, pending);
            var checkpoint = state.Checkpoint();
            Apply(state, undone);
            state.Revert(checkpoint);
            Assert.Equal(0, state.CheckpointDepth);
            AssertSame(twin, state);
        }, iter: 300);
    }

    [Fact]
    public void Discard_keeps_the_writes()
    {
        Gen.Select(Writes, Writes, Writes).Sample((committed, pending, kept) =>
        {
            var nodes = new InMemorySmtNodeStore();
            var state = Start(nodes, committed, pending);
            var twin = Start(nodes, committed, pending);
            var checkpoint = state.Checkpoint();
            Apply(state, kept);
            state.Discard(checkpoint);
            Apply(twin, kept);
            AssertSame(twin, state);
        }, iter: 200);
    }

    [Fact]
    public void Nested_checkpoints_revert_and_keep_exactly_their_own_writes()
    {
        Gen.Select(Writes, Writes, Writes, Writes, Gen.Int[0, 3]).Sample((committed, outerWrites, innerWrites, afterInner, how) =>
        {
            var nodes = new InMemorySmtNodeStore();
            var state = Start(nodes, committed, []);
            var twin = Start(nodes, committed, []);
            var outer = state.Checkpoint();
            Apply(state, outerWrites);
            var inner = state.Checkpoint();
            Apply(state, innerWrites);
            var innerKept = (how & 1) == 0;
            if (innerKept) state.Discard(inner);
            else state.Revert(inner);
            Apply(state, afterInner);
            var outerKept = (how & 2) == 0;
            if (outerKept) state.Discard(outer);
            else state.Revert(outer);

            if (outerKept)
            {
                Apply(twin, outerWrites);
                if (innerKept) Apply(twin, innerWrites);
                Apply(twin, afterInner);
            }
            AssertSame(twin, state);
        }, iter: 300);
    }

    [Fact]
    public void Checkpoints_close_innermost_first_and_block_commit_while_open()
    {
        var state = new WorldState(new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        var outer = state.Checkpoint();
        var inner = state.Checkpoint();
        Assert.Equal(2, state.CheckpointDepth);
        Assert.Contains("innermost", Assert.Throws<InvalidOperationException>(() => state.Revert(outer)).Message);
        Assert.Contains("still open", Assert.Throws<InvalidOperationException>(() => state.Commit()).Message);
        state.Discard(inner);
        Assert.Throws<InvalidOperationException>(() => state.Discard(inner));
        state.SetAccount(AccountAt(0), new Account(5, 1));
        state.Revert(outer);
        Assert.Equal(Account.Empty, state.GetAccount(AccountAt(0)));
        Assert.Equal(SparseMerkleTree.EmptyRoot, state.Commit());
    }
}
