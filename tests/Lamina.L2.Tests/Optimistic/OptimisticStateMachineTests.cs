using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

public sealed class OptimisticStateMachineTests
{
    private const ulong ChainId = 7, RollupId = 3;
    private static SigningKey Key(byte b) => SigningKey.FromSeed(Enumerable.Repeat(b, 32).ToArray());
    private static readonly Address Sequencer = Key(9).Address;

    private static OptimisticStateMachine NewMachine() => new(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer);

    [Fact]
    public void Transfer_moves_amount_charges_fee_and_bumps_nonce()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var bob = Key(2).Address;
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
        var roots = machine.ApplyTransfers(root, [
            OptimisticTransfer.Create(alice, ChainId, RollupId, bob, 100, 5, 0),
            OptimisticTransfer.Create(alice, ChainId, RollupId, bob, 50, 5, 1),
        ]);
        Assert.Equal(2, roots.Count);
        Assert.NotEqual(roots[0], roots[1]);
        Assert.Equal(new OptimisticAccount(840, 2), machine.GetAccount(roots[1], alice.Address));
        Assert.Equal(new OptimisticAccount(150, 0), machine.GetAccount(roots[1], bob));
        Assert.Equal(new OptimisticAccount(10, 0), machine.GetAccount(roots[1], Sequencer));
        Assert.Equal(100UL, machine.GetAccount(roots[0], bob).Balance);
    }

    [Fact]
    public void Roots_are_deterministic_across_instances()
    {
        using var alice = Key(1);
        var tx = OptimisticTransfer.Create(alice, ChainId, RollupId, Key(2).Address, 10, 1, 0);
        Hash256 Run() { var m = NewMachine(); return m.ApplyTransfer(m.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 50), tx); }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Signature_for_another_rollup_is_rejected()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
        var replay = OptimisticTransfer.Create(alice, ChainId, RollupId + 1, Key(2).Address, 1, 1, 0);
        var ex = Assert.Throws<InvalidOptimisticTransactionException>(() => machine.ApplyTransfer(root, replay));
        Assert.Equal(OptimisticTransitionError.BadSignature, ex.Error);
    }

    [Fact]
    public void Bad_nonce_and_overdraft_are_rejected_with_reasons()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 10);
        Assert.Equal(OptimisticTransitionError.BadNonce, Assert.Throws<InvalidOptimisticTransactionException>(
            () => machine.ApplyTransfer(root, OptimisticTransfer.Create(alice, ChainId, RollupId, Key(2).Address, 1, 1, 5))).Error);
        Assert.Equal(OptimisticTransitionError.InsufficientBalance, Assert.Throws<InvalidOptimisticTransactionException>(
            () => machine.ApplyTransfer(root, OptimisticTransfer.Create(alice, ChainId, RollupId, Key(2).Address, 10, 1, 0))).Error);
        // A deposit whose credit would overflow is consumed without crediting: the queue moves on, the balance does not.
        var after = machine.ApplyDeposit(root, alice.Address, ulong.MaxValue);
        Assert.Equal(10UL, machine.GetAccount(after, alice.Address).Balance);
        Assert.Equal(2UL, machine.NextDeposit(after));
    }

    [Fact]
    public void Transfer_codec_round_trips_and_rejects_truncation_and_trailing_bytes()
    {
        using var alice = Key(1);
        var tx = OptimisticTransfer.Create(alice, ChainId, RollupId, Key(2).Address, 10, 1, 0);
        var bytes = tx.Encode();
        Assert.Equal(1 + 32 + 20 + 24 + 64, bytes.Length);
        Assert.Equal(bytes, OptimisticTransfer.Decode(bytes).Encode());
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => OptimisticTransfer.Decode(bytes.AsSpan(0, bytes.Length - 1))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => OptimisticTransfer.Decode([.. bytes, 0])).Error);
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => OptimisticTransfer.Decode([2, .. bytes[1..]])).Error);
    }

    [Fact]
    public void Account_golden_vector()
    {
        var bytes = new OptimisticAccount(0x0102, 7).Encode();
        Assert.Equal("01000000000000010200000000000000" + "07", Convert.ToHexStringLower(bytes));
        Assert.Equal(new OptimisticAccount(0x0102, 7), OptimisticAccount.Decode(bytes));
    }
}
