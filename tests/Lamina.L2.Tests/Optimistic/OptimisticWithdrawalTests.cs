using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

public sealed class OptimisticWithdrawalTests
{
    private const ulong ChainId = 7, RollupId = 3;
    private static SigningKey Key(byte b) => SigningKey.FromSeed(Enumerable.Repeat(b, 32).ToArray());
    private static readonly Address Sequencer = Key(9).Address;
    private static readonly Address L1Bob = new(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());

    private static OptimisticStateMachine NewMachine(OptimisticFeeSchedule fees = default) =>
        new(new InMemorySmtNodeStore(), ChainId, RollupId, Sequencer, fees);

    [Fact]
    public void Withdrawal_burns_amount_pays_fee_and_leaves_a_receipt()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
        var withdrawal = OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 300, 7, 0);
        root = machine.ApplyWithdrawal(root, withdrawal);

        Assert.Equal(new OptimisticAccount(693, 1), machine.GetAccount(root, alice.Address));
        Assert.Equal(7UL, machine.GetAccount(root, Sequencer).Balance);
        Assert.Equal(new OptimisticWithdrawalReceipt(alice.Address, L1Bob, 300, 0), machine.GetWithdrawal(root, alice.Address, 0));
        Assert.Null(machine.GetWithdrawal(root, alice.Address, 1));
        // Deposited supply = L2 balances + burned (pending on L1).
        Assert.Equal(1_000UL, 693UL + 7UL + machine.GetWithdrawal(root, alice.Address, 0)!.Value.Amount);
    }

    [Fact]
    public void Withdrawal_is_rejected_for_bad_signature_nonce_and_balance()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 100);
        Assert.Equal(OptimisticTransitionError.BadSignature, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId + 1, L1Bob, 1, 0, 0))).Error);
        Assert.Equal(OptimisticTransitionError.BadNonce, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 1, 0, 1))).Error);
        Assert.Equal(OptimisticTransitionError.InsufficientBalance, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 100, 1, 0))).Error);
        // A transfer signature does not pass as a withdrawal (distinct signing tags).
        var transfer = OptimisticTransfer.Create(alice, ChainId, RollupId, L1Bob, 1, 0, 0);
        var forged = new OptimisticWithdrawal(alice.PublicKey, L1Bob, 1, 0, 0, transfer.Signature);
        Assert.Equal(OptimisticTransitionError.BadSignature, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyWithdrawal(root, forged)).Error);
    }

    [Fact]
    public void Fee_follows_blob_base_fee_with_the_fjord_floor()
    {
        var fees = OptimisticFeeSchedule.ForBlobBaseFee(executionFee: 10, blobBaseFeePerByte: 2, dataBytesPerTransaction: 80);
        Assert.Equal(10UL + 2 * 100, fees.RequiredFee()); // 80 estimated bytes are charged as Fjord's 100
        Assert.Equal(10UL + 2 * 150, (fees with { DataBytesPerTransaction = 150 }).RequiredFee());
        Assert.Equal(0UL, OptimisticFeeSchedule.Free.RequiredFee());
        Assert.Throws<InvalidOptimisticTransactionException>(() => (fees with { BlobBaseFeePerByte = ulong.MaxValue }).RequiredFee());

        var machine = NewMachine(fees);
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 10_000);
        Assert.Equal(OptimisticTransitionError.FeeTooLow, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyTransfer(root, OptimisticTransfer.Create(alice, ChainId, RollupId, L1Bob, 1, 209, 0))).Error);
        Assert.Equal(OptimisticTransitionError.FeeTooLow, Assert.Throws<InvalidOptimisticTransactionException>(() =>
            machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 1, 209, 0))).Error);
        root = machine.ApplyTransfer(root, OptimisticTransfer.Create(alice, ChainId, RollupId, L1Bob, 1, 210, 0));
        Assert.Equal(210UL, machine.GetAccount(root, Sequencer).Balance);
    }

    [Fact]
    public void Withdrawal_proof_verifies_against_the_output_root_and_rejects_tampering()
    {
        var machine = NewMachine();
        using var alice = Key(1);
        var root = machine.ApplyDeposit(SparseMerkleTree.EmptyRoot, alice.Address, 1_000);
        root = machine.ApplyDeposit(root, Key(2).Address, 5);
        root = machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 300, 0, 0));
        root = machine.ApplyWithdrawal(root, OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 200, 0, 1));
        var output = new OptimisticOutput(root, new Hash256(Enumerable.Repeat((byte)0x11, 32).ToArray()), 42);
        var receipt = machine.GetWithdrawal(root, alice.Address, 1)!.Value;

        var proof = OptimisticWithdrawalProof.Decode(machine.ProveWithdrawal(output, receipt).Encode());
        proof.Verify(output.Root, receipt);

        Assert.Equal(WithdrawalProofError.OutputRootMismatch, Assert.Throws<InvalidWithdrawalProofException>(() =>
            proof.Verify((output with { L2BlockNumber = 43 }).Root, receipt)).Error);
        Assert.Equal(WithdrawalProofError.ReceiptNotInState, Assert.Throws<InvalidWithdrawalProofException>(() =>
            proof.Verify(output.Root, receipt with { Amount = 201 })).Error);
        Assert.Equal(WithdrawalProofError.ReceiptNotInState, Assert.Throws<InvalidWithdrawalProofException>(() =>
            proof.Verify(output.Root, receipt with { Nonce = 0 })).Error);
        // A proof of a receipt that was never written (nonce 2) cannot be made to verify.
        var absent = receipt with { Nonce = 2 };
        Assert.Equal(WithdrawalProofError.ReceiptNotInState, Assert.Throws<InvalidWithdrawalProofException>(() =>
            machine.ProveWithdrawal(output, absent).Verify(output.Root, absent)).Error);
    }

    [Fact]
    public void Golden_vectors_and_codec_rejections()
    {
        var receipt = new OptimisticWithdrawalReceipt(new Address(Enumerable.Repeat((byte)0xA1, 20).ToArray()), L1Bob, 0x0102, 3);
        Assert.Equal("01" + string.Concat(Enumerable.Repeat("a1", 20)) + string.Concat(Enumerable.Repeat("b0", 20))
            + "0000000000000102" + "0000000000000003", Convert.ToHexStringLower(receipt.Encode()));
        Assert.Equal(receipt, OptimisticWithdrawalReceipt.Decode(receipt.Encode()));

        var output = new OptimisticOutput(new Hash256(Enumerable.Repeat((byte)0x22, 32).ToArray()), new Hash256(Enumerable.Repeat((byte)0x33, 32).ToArray()), 5);
        Assert.Equal("01" + string.Concat(Enumerable.Repeat("22", 32)) + string.Concat(Enumerable.Repeat("33", 32)) + "0000000000000005",
            Convert.ToHexStringLower(output.Encode()));
        Assert.Equal(OutputRootGolden, output.Root.ToString());

        using var alice = Key(1);
        var bytes = OptimisticWithdrawal.Create(alice, ChainId, RollupId, L1Bob, 10, 1, 0).Encode();
        Assert.Equal(OptimisticWithdrawal.EncodedSize, bytes.Length);
        Assert.Equal(bytes, OptimisticWithdrawal.Decode(bytes).Encode());
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => OptimisticWithdrawal.Decode(bytes.AsSpan(0, bytes.Length - 1))).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => OptimisticWithdrawal.Decode([.. bytes, 0])).Error);
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => OptimisticWithdrawalReceipt.Decode([2, .. receipt.Encode()[1..]])).Error);
        Assert.Equal(CodecError.Oversize, Assert.Throws<CodecException>(() =>
            OptimisticWithdrawalProof.Decode(new byte[OptimisticWithdrawalProof.MaxEncodedSize + 1])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => OptimisticWithdrawalProof.Decode([1, .. output.Encode()])).Error);
    }

    // Pins the output-root derivation (domain tag + encoding above); computed by this implementation at commit time.
    private const string OutputRootGolden = "0x6657b0099f5e8498fa16c979409c2c67b5a1bf66c891bcef49befe9a4543811c";
}
