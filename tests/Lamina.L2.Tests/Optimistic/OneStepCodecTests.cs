using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

public sealed class OneStepCodecTests
{
    private static string Rep(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));
    private static Hash256 Filled(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static OneStepWitness Sample() => new([
        new OneStepAccess([1, 2, 3], new SmtProof([Filled(0x11), Hash256.Zero, Filled(0x22)], Filled(0x33), Filled(0x44))),
        new OneStepAccess(null, new SmtProof([], null, null)),
    ]);

    [Fact]
    public void Witness_golden_vector()
    {
        // version ‖ count ‖ (has value ‖ len ‖ value ‖ depth ‖ bitmap 101 ‖ 2 non-zero siblings ‖ has leaf ‖ key ‖ value hash)
        //                   ‖ (no value ‖ depth 0 ‖ no leaf)
        var expected = "01" + "00000002"
            + "01" + "00000003" + "010203" + "0003" + "a0" + Rep("11", 32) + Rep("22", 32) + "01" + Rep("33", 32) + Rep("44", 32)
            + "00" + "0000" + "00";
        Assert.Equal(expected, Convert.ToHexStringLower(Sample().Encode()));
        Assert.Equal(Sample().Encode(), OneStepWitness.Decode(Convert.FromHexString(expected)).Encode());
    }

    [Fact]
    public void Transaction_golden_vectors_and_round_trips()
    {
        var recipient = new Address(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());
        var deposit = OneStepTransaction.ForDeposit(0x0A0B, recipient, 0x0102);
        Assert.Equal("01" + "02" + "0000000000000a0b" + Rep("b0", 20) + "0000000000000102", Convert.ToHexStringLower(deposit.Encode()));
        Assert.Equal(deposit.Encode(), OneStepTransaction.Decode(deposit.Encode()).Encode());

        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var transfer = OptimisticTransfer.Create(alice, 7, 3, recipient, 10, 1, 0);
        var withdrawal = OptimisticWithdrawal.Create(alice, 7, 3, recipient, 10, 1, 0);
        Assert.Equal([1, 0, .. transfer.Encode()], OneStepTransaction.ForTransfer(transfer).Encode());
        Assert.Equal([1, 1, .. withdrawal.Encode()], OneStepTransaction.ForWithdrawal(withdrawal).Encode());
        Assert.Equal(transfer, OneStepTransaction.Decode(OneStepTransaction.ForTransfer(transfer).Encode()).Transfer);
        Assert.Equal(withdrawal, OneStepTransaction.Decode(OneStepTransaction.ForWithdrawal(withdrawal).Encode()).Withdrawal);
        Assert.Equal(OneStepTransaction.MaxEncodedSize, OneStepTransaction.ForWithdrawal(withdrawal).Encode().Length);
    }

    [Fact]
    public void Malformed_witnesses_and_transactions_are_rejected_with_codec_errors()
    {
        var bytes = Sample().Encode();
        CodecError Witness(byte[] b) => Assert.Throws<CodecException>(() => OneStepWitness.Decode(b)).Error;
        CodecError Tx(byte[] b) => Assert.Throws<CodecException>(() => OneStepTransaction.Decode(b)).Error;

        Assert.Equal(CodecError.Truncated, Witness(bytes[..^1]));
        Assert.Equal(CodecError.TrailingBytes, Witness([.. bytes, 0]));
        Assert.Equal(CodecError.UnknownVersion, Witness([2, .. bytes[1..]]));
        Assert.Equal(CodecError.Oversize, Witness([1, 0, 0, 0, 5, .. new byte[20]]));
        Assert.Equal(CodecError.Oversize, Witness(new byte[OneStepWitness.MaxEncodedSize + 1]));
        Assert.Equal(CodecError.Truncated, Witness([1, 0, 0, 0, 3, 0, 0, 0, 0]));
        // A value longer than any leaf the state holds.
        Assert.Equal(CodecError.Oversize, Witness([1, 0, 0, 0, 1, 1, 0, 0, 1, 1, .. new byte[300]]));
        // A zero sibling must be left out, not written.
        Assert.Equal(CodecError.NonCanonical, Witness([1, 0, 0, 0, 1, 0, 0, 1, 0x80, .. new byte[32], 0]));

        var deposit = OneStepTransaction.ForDeposit(0, default, 1).Encode();
        Assert.Equal(CodecError.UnknownKind, Tx([1, 3, .. deposit[2..]]));
        Assert.Equal(CodecError.UnknownVersion, Tx([0, .. deposit[1..]]));
        Assert.Equal(CodecError.Truncated, Tx(deposit[..^1]));
        Assert.Equal(CodecError.TrailingBytes, Tx([.. deposit, 0]));
        Assert.Equal(CodecError.Oversize, Tx(new byte[OneStepTransaction.MaxEncodedSize + 1]));
    }

    [Fact]
    public void Executor_names_each_witness_fault()
    {
        var store = new InMemorySmtNodeStore();
        var sequencer = new Address(Enumerable.Repeat((byte)9, Address.Size).ToArray());
        var machine = new OptimisticStateMachine(store, 7, 3, sequencer);
        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var bob = new Address(Enumerable.Repeat((byte)2, Address.Size).ToArray());
        var root = machine.ApplyDeposit(machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 100), bob, 5);
        var tx = OneStepTransaction.ForTransfer(OptimisticTransfer.Create(alice, 7, 3, bob, 10, 0, 0));
        var (witness, _) = OneStepWitnessGenerator.Generate(store, root, tx, machine.Context);
        var first = witness.Accesses[0];
        OneStepWitnessError Fault(params OneStepAccess[] accesses) =>
            Assert.Throws<InvalidOneStepWitnessException>(() => OneStepExecutor.Execute(root, tx, new OneStepWitness(accesses), machine.Context)).Error;

        Assert.Equal(OneStepWitnessError.MissingAccess, Fault());
        Assert.Equal(OneStepWitnessError.UnusedAccess, Fault([.. witness.Accesses, first]));
        Assert.Equal(OneStepWitnessError.KeyMismatch, Fault(witness.Accesses[1], witness.Accesses[0], witness.Accesses[2]));
        Assert.Equal(OneStepWitnessError.KeyMismatch, Fault(first with { Value = null }, witness.Accesses[1], witness.Accesses[2]));
        Assert.Equal(OneStepWitnessError.ValueMismatch, Fault(first with { Value = new OptimisticAccount(1_000_000, 0).Encode() }, witness.Accesses[1], witness.Accesses[2]));
        var forged = new SmtProof([Filled(0x55), .. first.Proof.Siblings.Skip(1)], first.Proof.LeafKey, first.Proof.LeafValueHash);
        Assert.Equal(OneStepWitnessError.RootMismatch, Fault(first with { Proof = forged }, witness.Accesses[1], witness.Accesses[2]));

        // A leaf at an account key that is not an account cannot have come from the rules, but the executor still names it.
        var key = OptimisticStateMachine.AccountKey(alice.Address);
        var tree = new SparseMerkleTree(store);
        var odd = tree.Update(SparseMerkleTree.EmptyRoot, [new(key, [9, 9])]);
        var ex = Assert.Throws<InvalidOneStepWitnessException>(() => OneStepExecutor.Execute(odd, tx, new OneStepWitness([new OneStepAccess([9, 9], tree.Prove(odd, key))]), machine.Context));
        Assert.Equal(OneStepWitnessError.MalformedLeaf, ex.Error);
        Assert.Equal(0, ex.Access);
    }
}
