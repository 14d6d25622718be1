using Lamina.Core.Codec;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Proving;

public sealed class ZkBatchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Honest_batches_verify_and_the_state_rebuilds_from_pubdata(int count)
    {
        ZkState state = FundedWithOperator();
        var txs = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? TransferTx.Create(A, B, PackedAmount.Pack(10), (uint)(i / 2), Alice, Domain)
            : TransferTx.Create(B, A, PackedAmount.Pack(3), (uint)(i / 2), Bob, Domain)).ToList();
        ZkProvenBatch batch = Prove(state, txs, batchNumber: 7);
        Verify(state, batch);
        Assert.Equal(12 * count, batch.Result.Pubdata.Length);
        ZkState watcher = state.Clone();
        PubdataReplayer.Apply(watcher, PubdataCodec.Decode(batch.Result.Pubdata));
        Assert.Equal(batch.NewStateRoot, watcher.Root);
    }

    [Fact]
    public void A_batch_proven_at_the_default_options_verifies_at_100_bits()
    {
        ZkState state = FundedWithOperator();
        ZkProvenBatch batch = new ZkBatchProver(Domain, ProofOptions.Default).Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, Domain)], 1);
        ZkBatchVerifier.Verify(Domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 1, PubdataCodec.Decode(batch.Result.Pubdata), [], batch.Proof);
    }

    [Fact]
    public void A_v5_batch_proof_verifies_as_v5_and_neither_version_verifies_as_the_other()
    {
        // v5 and v6 share the trace, the statements and the encoding; only the signature AIR's next-y constraint
        // (degree 5 against 3) and its name differ, so a proof relabelled to the other version decodes but fails.
        ZkState state = FundedWithOperator();
        var txs = new ZkTransaction[] { TransferTx.Create(A, B, PackedAmount.Pack(3), 0, Alice, Domain) };
        ZkProvenBatch v5 = new ZkBatchProver(Domain, Fast, proofVersion: ZkBatchProof.QuinticNextYVersion).Prove(state, txs, 1);
        ZkProvenBatch v6 = Prove(state, txs, 1);
        Assert.Equal((ZkBatchProof.QuinticNextYVersion, ZkBatchProof.Version), (v5.Proof.ProofVersion, v6.Proof.ProofVersion));
        Assert.Equal(v5.Result.Pubdata, v6.Result.Pubdata);
        Verify(state, v5);
        Verify(state, v6);
        Assert.Throws<InvalidProofException>(() => Verify(state, v5 with { Proof = v5.Proof with { ProofVersion = ZkBatchProof.Version } }));
        Assert.Throws<InvalidProofException>(() => Verify(state, v6 with { Proof = v6.Proof with { ProofVersion = ZkBatchProof.QuinticNextYVersion } }));
    }

    [Fact]
    public void Pubdata_that_does_not_match_or_a_batch_moved_elsewhere_is_rejected()
    {
        ZkState state = FundedWithOperator();
        ZkProvenBatch batch = Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain)], 5);
        var ops = PubdataCodec.Decode(batch.Result.Pubdata);
        Assert.Throws<InvalidProofException>(() => Verify(state, batch, pubdata: [PubdataOp.Transfer(A, B, PackedAmount.Pack(11))]));
        Assert.Throws<InvalidProofException>(() => Verify(state, batch, pubdata: [PubdataOp.Transfer(A, O, PackedAmount.Pack(10))]));
        Assert.Throws<InvalidProofException>(() => Verify(state, batch, pubdata: [ops[0], ops[0]]));
        Assert.Throws<InvalidProofException>(() => Verify(state, batch, batchNumber: 6));
        Assert.Equal(ProofRejection.InvalidAir, Assert.Throws<InvalidProofException>(() => Verify(state, batch, pubdata: [PubdataOp.Transfer(A, A, PackedAmount.Pack(10))])).Reason);
        Assert.Equal(ProofRejection.InvalidAir, Assert.Throws<InvalidProofException>(() => Verify(state, batch, pubdata: [PubdataOp.Transfer(A, B, PackedAmount.Pack(0))])).Reason);
    }

    [Fact]
    public void The_operator_cannot_move_a_users_funds_without_the_users_key()
    {
        ZkState state = FundedWithOperator();
        // The operator signs "Alice pays the operator 900" with its own key, and forces its prover past every check.
        var theft = TransferTx.Create(A, O, PackedAmount.Pack(900), 0, Operator, Domain);
        Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchExecutor(Domain).Apply(state.Clone(), theft));
        ZkState after = state.Clone();
        after.Accounts.Set(A, new AccountLeaf(Alice.PublicKey, 100, 1));
        after.Accounts.Set(O, new AccountLeaf(Operator.PublicKey, 901, 0));
        PubdataOp[] pubdata = [PubdataOp.Transfer(A, O, PackedAmount.Pack(900))];

        foreach (var claimedKey in new[] { Alice.PublicKey, Operator.PublicKey })
        {
            // Claiming Alice's key breaks the signature proof; claiming the operator's key breaks the state proof.
            // Both batch proof versions: v6 (message hashed in the trace) and v4 (message digest given).
            List<TransferStatement> statements = [new(A, O, 900, 0, claimedKey)];
            foreach (var signature in new[]
            {
                new SchnorrStatement(claimedKey.W, theft.MessageElements(Domain), theft.Signature),
                new SchnorrStatement(claimedKey, theft.SigningMessage(Domain), theft.Signature),
            })
            {
                var proof = Forge(state, after, 3, AccountTreeTransitionAir.ToUpdates(statements), [signature],
                    [new SignerWitness(0, claimedKey, theft.Signature)]);
                Assert.Equal(signature.MessageElements is null ? ZkBatchProof.NativeChallengeVersion : ZkBatchProof.Version, proof.ProofVersion);
                Assert.Throws<InvalidProofException>(() => ZkBatchVerifier.Verify(
                    Domain, state.Accounts.Root, after.Accounts.Root, 3, pubdata, [], proof, minimumSecurityBits: 0));
            }
        }
    }

    [Fact]
    public void Malformed_batch_proofs_are_refused()
    {
        ZkState state = FundedWithOperator();
        ZkProvenBatch batch = Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain)], 5);
        byte[] bytes = batch.Proof.Encode();
        Assert.Equal(bytes, ZkBatchProof.Decode(bytes).Encode());
        for (int cut = 0; cut < 200; cut++)
        {
            Assert.Throws<CodecException>(() => ZkBatchProof.Decode(bytes.AsSpan(0, cut)));
        }
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => ZkBatchProof.Decode([.. bytes, 1])).Error);
        byte[] nonCanonical = (byte[])bytes.Clone();
        nonCanonical.AsSpan(9, 8).Fill(0xff); // a key coefficient above p
        Assert.Equal(CodecError.NonCanonical, Assert.Throws<CodecException>(() => ZkBatchProof.Decode(nonCanonical)).Error);
        // A canonical encoding that is no key (the neutral, or a value off the curve) decodes, since checking it would
        // cost a square root per signer; the proof then fails for it.
        foreach (Fp5 notAKey in new[] { Fp5.Zero, NotAnEncoding() })
        {
            byte[] badKey = (byte[])bytes.Clone();
            notAKey.WriteTo(badKey.AsSpan(9, 40));
            Assert.Throws<InvalidProofException>(() => Verify(state, batch with { Proof = ZkBatchProof.Decode(badKey) }));
        }
        byte[] flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x01; // inside the signature proof
        Assert.Throws<InvalidProofException>(() => Verify(state, batch with { Proof = ZkBatchProof.Decode(flipped) }));
    }

    private static Fp5 NotAnEncoding()
    {
        for (uint w = 6; ; w++)
        {
            if (EcGfp5Point.Decode(Fp5.FromBase(w)) is null) return Fp5.FromBase(w);
        }
    }
}
