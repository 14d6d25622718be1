using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Proving;

/// <summary>
/// Priority operations (deposits, forced exits) the operator consumes without effect: an honest refusal verifies,
/// and a malicious operator can neither refund a deposit that fits, nor drop a valid forced exit as stale, nor skip,
/// reorder or alter L1's queue, whatever opening it puts in its forged proof.
/// </summary>
public sealed class ZkPriorityRefusalTests
{
    /// <summary>Alice 1,000 at A, Bob 50 at B (serials 0, 1), the operator 1 at O (serial 2): the next serial is 3.</summary>
    private static ZkState State() => FundedWithOperator();

    /// <summary>A proof a cheating operator forces out of its prover for a batch whose only operation is <paramref name="op"/>, refused.</summary>
    private static ZkBatchProof ForgeRefusal(ZkState state, PubdataOp op, AccountLeaf opening)
    {
        ZkBatchStatements statements = ZkBatchStatements.Build(Domain, [op], [], [opening]);
        return Forge(state, state, 4, statements.Updates, statements.Signatures, [], [opening]);
    }

    private static void VerifyRefusal(ZkState state, PubdataOp op, ZkTransaction queued, ZkBatchProof proof) =>
        ZkBatchVerifier.Verify(Domain, state.Accounts.Root, state.Accounts.Root, 4, [op], [queued], ZkBatchProof.Decode(proof.Encode()), minimumSecurityBits: 0);

    [Fact]
    public void Honest_refusals_verify_with_the_opened_leaves_and_the_state_rebuilds_from_pubdata()
    {
        ZkState state = State();
        List<ZkTransaction> txs =
        [
            TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain),
            new DepositOp(3, B, Dave.PublicKey, 5), // Bob's slot: another key, refunded
            new DepositOp(4, B, Bob.PublicKey, AccountLeaf.MaxBalance - 10), // Bob's 60 would pass the limit: refunded
            ForcedExitOp.Create(5, A, L1, 0, Alice, Domain), // Alice's nonce is 1 by now: stale
            ForcedExitOp.Create(6, B, L1, 0, Operator, Domain), // not Bob's signature
            ForcedExitOp.Create(7, D, L1, 0, Dave, Domain), // no account at D
            new DepositOp(8, B, Bob.PublicKey, 1), // fits: credited
        ];
        ZkProvenBatch batch = Prove(state, txs, batchNumber: 4);
        Assert.Equal(5, batch.Proof.Openings.Count);
        Assert.Equal([true, false, false, false, false, false, true], PubdataCodec.Decode(batch.Result.Pubdata).Select(op => op.Applied));
        Assert.Equal(6, Verify(state, batch)); // every operation but the transfer came from the queue
        Assert.Equal(new AccountLeaf(Bob.PublicKey, 61, 0), batch.Result.State.Accounts.Get(B));
        ZkState watcher = state.Clone();
        PubdataReplayer.Apply(watcher, PubdataCodec.Decode(batch.Result.Pubdata));
        Assert.Equal(batch.NewStateRoot, watcher.Root);
        // The openings are bound by the state proof: another balance, nonce or key (each still refusing the deposit) does not verify.
        foreach (AccountLeaf lie in new[] { new AccountLeaf(Bob.PublicKey, 59, 0), new AccountLeaf(Bob.PublicKey, 60, 1), new AccountLeaf(Erin.PublicKey, 60, 0) })
        {
            var openings = batch.Proof.Openings.ToArray();
            openings[0] = lie;
            Assert.Throws<InvalidProofException>(() => Verify(state, batch with { Proof = batch.Proof with { Openings = openings } }));
        }
    }

    [Fact]
    public void The_operator_cannot_refund_a_deposit_that_fits()
    {
        ZkState state = State();
        var deposit = new DepositOp(3, B, Bob.PublicKey, 5);
        PubdataOp refunded = PubdataOp.Deposit(B, 5, Bob.PublicKey, applied: false);
        // With Bob's leaf opened truthfully the state proof itself is valid: the rule check is what refuses it.
        AccountLeaf bob = state.Accounts.Get(B);
        ZkBatchProof truthful = ForgeRefusal(state, refunded, bob);
        var air = ZkBatchAir.For(state.Accounts.Root, state.Accounts.Root, ZkBatchStatements.Build(Domain, [refunded], [], [bob]), 4);
        Assert.True(StarkVerifier.TryVerify(air, truthful.Stark, out _, minimumSecurityBits: 0));
        var e = Assert.Throws<InvalidZkBatchException>(() => VerifyRefusal(state, refunded, deposit, truthful));
        Assert.Equal(ZkBatchRejection.DepositWronglyRefunded, e.Reason);
        // Opening Bob's slot as another key's, or as too full to take the deposit, the state proof fails.
        foreach (AccountLeaf lie in new[] { bob with { Key = Dave.PublicKey }, bob with { Balance = AccountLeaf.MaxBalance - 1 } })
        {
            Assert.Throws<InvalidProofException>(() => VerifyRefusal(state, refunded, deposit, ForgeRefusal(state, refunded, lie)));
        }
        // A refund of a deposit into an empty slot, claimed as an occupied one.
        var toEmpty = new DepositOp(3, D, Dave.PublicKey, 5);
        PubdataOp refundedToEmpty = PubdataOp.Deposit(D, 5, Dave.PublicKey, applied: false);
        Assert.Equal(ZkBatchRejection.DepositWronglyRefunded, Assert.Throws<InvalidZkBatchException>(
            () => VerifyRefusal(state, refundedToEmpty, toEmpty, ForgeRefusal(state, refundedToEmpty, AccountLeaf.Empty))).Reason);
        Assert.Throws<InvalidProofException>(() => VerifyRefusal(state, refundedToEmpty, toEmpty,
            ForgeRefusal(state, refundedToEmpty, new AccountLeaf(Erin.PublicKey, 0, 0))));
    }

    [Fact]
    public void The_operator_cannot_skip_a_valid_forced_exit_as_stale()
    {
        ZkState state = State();
        var exit = ForcedExitOp.Create(3, B, L1, 0, Bob, Domain);
        PubdataOp skipped = PubdataOp.ForcedExit(B, 0, L1, applied: false);
        AccountLeaf bob = state.Accounts.Get(B);
        Assert.Equal(ZkBatchRejection.ForcedExitWronglySkipped, Assert.Throws<InvalidZkBatchException>(
            () => VerifyRefusal(state, skipped, exit, ForgeRefusal(state, skipped, bob))).Reason);
        // Claiming the nonce moved on, the key is another, or the account is gone: the state proof fails.
        foreach (AccountLeaf lie in new[] { bob with { Nonce = 1 }, bob with { Key = Dave.PublicKey }, AccountLeaf.Empty })
        {
            Assert.Throws<InvalidProofException>(() => VerifyRefusal(state, skipped, exit, ForgeRefusal(state, skipped, lie)));
        }
    }

    [Fact]
    public void Priority_operations_must_be_the_head_of_L1s_queue_in_order_and_unaltered()
    {
        ZkState state = State();
        List<ZkTransaction> txs = [new DepositOp(3, B, Bob.PublicKey, 5), ForcedExitOp.Create(4, A, L1, 0, Alice, Domain)];
        ZkProvenBatch batch = Prove(state, txs, batchNumber: 2);
        Assert.Equal(2, Verify(state, batch, queue: [.. txs, new DepositOp(5, D, Dave.PublicKey, 1)])); // a longer queue: the head is consumed
        var mismatched = new List<ZkTransaction>[]
        {
            [], // more consumed than queued
            [txs[0]],
            [txs[1], txs[0]], // reordered
            [new DepositOp(2, E, Erin.PublicKey, 9), txs[0], txs[1]], // serial 2 still pending: the batch would skip it
            [new DepositOp(3, B, Bob.PublicKey, 6), txs[1]], // another amount
            [new DepositOp(3, B, Bob.PublicKey, 5), new DepositOp(4, A, Alice.PublicKey, 1)], // another kind
            [txs[0], ForcedExitOp.Create(5, A, L1, 0, Alice, Domain)], // serials not consecutive
            [txs[0], ForcedExitOp.Create(4, A, new Address(Enumerable.Repeat((byte)0xCD, Address.Size).ToArray()), 0, Alice, Domain)], // another recipient
        };
        foreach (var queue in mismatched)
        {
            var e = Assert.ThrowsAny<InvalidZkBatchException>(() => Verify(state, batch, queue: queue));
            Assert.True(e.Reason is ZkBatchRejection.PriorityQueueMismatch, $"{e.Reason}: {e.Message}");
        }
        // Applied under a signature other than the one L1 queued: a v4 proof carries the signature it applied, which must be
        // the queued one. A v5 proof carries none: it proves a valid signature by the account's key on the very message L1
        // queued (account, recipient, nonce), which authorises exactly this exit whatever signature bytes L1 holds.
        var resigned = new ForcedExitOp(4, A, L1, 0, Alice.Sign(Rpo256.HashElements([Felt.One])));
        ZkProvenBatch v4 = new ZkBatchProver(Domain, Fast, proofVersion: ZkBatchProof.NativeChallengeVersion).Prove(state, txs, 2);
        Assert.Equal(2, Verify(state, v4));
        Assert.Equal(ZkBatchRejection.ForcedExitWitnessMismatch, Assert.Throws<InvalidZkBatchException>(
            () => Verify(state, v4, queue: [txs[0], resigned])).Reason);
        Assert.Equal(2, Verify(state, batch, queue: [txs[0], resigned]));
        var renonced = new ForcedExitOp(4, A, L1, 1, ((ForcedExitOp)txs[1]).Signature);
        Assert.Equal(ZkBatchRejection.ForcedExitWitnessMismatch, Assert.Throws<InvalidZkBatchException>(
            () => Verify(state, batch, queue: [txs[0], renonced])).Reason);
    }

    [Fact]
    public void Openings_must_pair_with_the_refused_operations_and_decode_canonically()
    {
        ZkState state = State();
        ZkProvenBatch batch = Prove(state, [new DepositOp(3, B, Dave.PublicKey, 5)], batchNumber: 1);
        Assert.Single(batch.Proof.Openings);
        var ops = PubdataCodec.Decode(batch.Result.Pubdata);
        Assert.Equal(ProofRejection.ShapeMismatch, Assert.Throws<InvalidProofException>(() => ZkBatchStatements.Build(Domain, ops, [], [])).Reason);
        Assert.Equal(ProofRejection.ShapeMismatch, Assert.Throws<InvalidProofException>(
            () => ZkBatchStatements.Build(Domain, ops, [], [.. batch.Proof.Openings, .. batch.Proof.Openings])).Reason);
        byte[] bytes = batch.Proof.Encode();
        Assert.Equal(bytes, ZkBatchProof.Decode(bytes).Encode());
        const int flagAt = 1 + 4 + 4; // version, no signers, opening count
        Assert.Equal(1, bytes[flagAt]);
        byte[] badFlag = (byte[])bytes.Clone();
        badFlag[flagAt] = 2;
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => ZkBatchProof.Decode(badFlag)).Error);
        byte[] overLimit = (byte[])bytes.Clone();
        overLimit[flagAt + 1 + 40] = 0x40; // balance's top byte: 2^62 and above
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkBatchProof.Decode(overLimit)).Error);
        byte[] zeroKey = (byte[])bytes.Clone();
        zeroKey.AsSpan(flagAt + 1, 40).Clear();
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkBatchProof.Decode(zeroKey)).Error);
    }

    [Fact]
    public void Golden_batch_proof_encoding_with_openings()
    {
        var signature = Alice.Sign(Rpo256.HashElements([Felt.One]));
        var proof = new ZkBatchProof([new SignerWitness(5, Alice.PublicKey, signature)],
            [AccountLeaf.Empty, new AccountLeaf(Bob.PublicKey, 1UL << 61, 7)], [0xAA, 0xBB]);
        const string openings = "00000002" + "00" + "0000000000000000" + "00000000" + "01";
        // Version 6: no signature (the proof keeps it in its trace).
        string expected = "06" + "00000001" + "00000005" + Alice.PublicKey + openings + Bob.PublicKey + "2000000000000000" + "00000007"
            + "00000002aabb";
        Assert.Equal(expected, Convert.ToHexStringLower(proof.Encode()));
        ZkBatchProof decoded = ZkBatchProof.Decode(proof.Encode());
        Assert.Equal(expected, Convert.ToHexStringLower(decoded.Encode()));
        Assert.Null(decoded.Signers[0].Signature);
        // Version 5 has the same encoding (only the signature AIR's next-y constraint differs).
        string v5 = "05" + expected[2..];
        Assert.Equal(v5, Convert.ToHexStringLower((proof with { ProofVersion = ZkBatchProof.QuinticNextYVersion }).Encode()));
        Assert.Equal(ZkBatchProof.QuinticNextYVersion, ZkBatchProof.Decode(Convert.FromHexString(v5)).ProofVersion);
        Assert.Equal(v5, Convert.ToHexStringLower(ZkBatchProof.Decode(Convert.FromHexString(v5)).Encode()));
        // Version 4 carries the signature after the key.
        string v4 = "04" + "00000001" + "00000005" + Alice.PublicKey + Convert.ToHexStringLower(signature.ToArray())
            + openings + Bob.PublicKey + "2000000000000000" + "00000007" + "00000002aabb";
        Assert.Equal(v4, Convert.ToHexStringLower((proof with { ProofVersion = ZkBatchProof.NativeChallengeVersion }).Encode()));
        Assert.Equal(v4, Convert.ToHexStringLower(ZkBatchProof.Decode(Convert.FromHexString(v4)).Encode()));
        Assert.Equal(signature, ZkBatchProof.Decode(Convert.FromHexString(v4)).Signers[0].Signature);
        // Version 3 (its signature AIR asserted natively decoded points) and 7 are refused.
        Assert.Throws<CodecException>(() => ZkBatchProof.Decode(Convert.FromHexString("03" + v4[2..])));
        Assert.Throws<CodecException>(() => ZkBatchProof.Decode(Convert.FromHexString("07" + expected[2..])));
    }
}
