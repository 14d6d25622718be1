using Lamina.Core.Codec;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.L2.Tests.Zk.Proving;

public sealed class ZkBatchTests
{
    private static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);
    private static readonly ZkRollupDomain Domain = ZkWorkload.Domain;
    private static readonly ZkSigningKey Alice = ZkSigningKey.FromSeed(new byte[32]);
    private static readonly ZkSigningKey Bob = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly ZkSigningKey Operator = ZkSigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
    private const uint A = 3, B = 1_000_000, O = 42;

    private static ZkState Funded()
    {
        var state = new ZkState();
        var executor = new ZkBatchExecutor(Domain);
        executor.Apply(state, new DepositOp(0, A, Alice.PublicKey, 1_000));
        executor.Apply(state, new DepositOp(1, B, Bob.PublicKey, 50));
        executor.Apply(state, new DepositOp(2, O, Operator.PublicKey, 1));
        return state;
    }

    private static void Verify(ZkState before, ZkProvenBatch batch, ulong? batchNumber = null, IReadOnlyList<PubdataOp>? pubdata = null) =>
        ZkBatchVerifier.Verify(Domain, before.Accounts.Root, batch.Result.State.Accounts.Root, batchNumber ?? batch.BatchNumber,
            pubdata ?? PubdataCodec.Decode(batch.Result.Pubdata), ZkBatchProof.Decode(batch.Proof.Encode()), minimumSecurityBits: 0);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Honest_batches_verify_and_the_state_rebuilds_from_pubdata(int count)
    {
        ZkState state = Funded();
        var txs = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? TransferTx.Create(A, B, PackedAmount.Pack(10), (uint)(i / 2), Alice, Domain)
            : TransferTx.Create(B, A, PackedAmount.Pack(3), (uint)(i / 2), Bob, Domain)).ToList();
        ZkProvenBatch batch = new ZkBatchProver(Domain, Fast).Prove(state, txs, batchNumber: 7);
        Verify(state, batch);
        Assert.Equal(12 * count, batch.Result.Pubdata.Length);
        ZkState watcher = state.Clone();
        PubdataReplayer.Apply(watcher, PubdataCodec.Decode(batch.Result.Pubdata));
        Assert.Equal(batch.NewStateRoot, watcher.Root);
    }

    [Fact]
    public void A_batch_proven_at_the_default_options_verifies_at_100_bits()
    {
        ZkState state = Funded();
        ZkProvenBatch batch = new ZkBatchProver(Domain, ProofOptions.Default).Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(1), 0, Alice, Domain)], 1);
        ZkBatchVerifier.Verify(Domain, state.Accounts.Root, batch.Result.State.Accounts.Root, 1, PubdataCodec.Decode(batch.Result.Pubdata), batch.Proof);
    }

    [Fact]
    public void Pubdata_that_does_not_match_or_a_batch_moved_elsewhere_is_rejected()
    {
        ZkState state = Funded();
        ZkProvenBatch batch = new ZkBatchProver(Domain, Fast).Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain)], 5);
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
        ZkState state = Funded();
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
            List<TransferStatement> statements = [new(A, O, 900, 0, claimedKey)];
            var stateAir = new TransferUpdatesAir(state.Accounts.Root, after.Accounts.Root, statements, 3);
            var (trace, _) = TransferUpdatesTrace.Build(state.Accounts, statements);
            byte[] stateProof = ProofCodec.Encode(StarkProver.Prove(stateAir, trace, Fast, skipSelfChecks: true));
            var signatureAir = new SchnorrSignaturesAir([new SchnorrStatement(claimedKey, theft.SigningMessage(Domain), theft.Signature)]);
            byte[] signatureProof = ProofCodec.Encode(StarkProver.Prove(signatureAir, SchnorrSignaturesTrace.Build(signatureAir), Fast, skipSelfChecks: true));
            var proof = new ZkBatchProof([new SignerWitness(0, claimedKey, theft.Signature)], stateProof, signatureProof);
            Assert.Throws<InvalidProofException>(() => ZkBatchVerifier.Verify(
                Domain, state.Accounts.Root, after.Accounts.Root, 3, pubdata, proof, minimumSecurityBits: 0));
        }
    }

    [Fact]
    public void Malformed_batch_proofs_are_refused()
    {
        ZkState state = Funded();
        ZkProvenBatch batch = new ZkBatchProver(Domain, Fast).Prove(state, [TransferTx.Create(A, B, PackedAmount.Pack(10), 0, Alice, Domain)], 5);
        byte[] bytes = batch.Proof.Encode();
        Assert.Equal(bytes, ZkBatchProof.Decode(bytes).Encode());
        for (int cut = 0; cut < 200; cut++)
        {
            Assert.Throws<CodecException>(() => ZkBatchProof.Decode(bytes.AsSpan(0, cut)));
        }
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => ZkBatchProof.Decode([.. bytes, 1])).Error);
        byte[] badKey = (byte[])bytes.Clone();
        badKey.AsSpan(9, 40).Clear(); // the neutral is no key
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => ZkBatchProof.Decode(badKey)).Error);
        byte[] flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x01; // inside the signature proof
        Assert.Throws<InvalidProofException>(() => Verify(state, batch with { Proof = ZkBatchProof.Decode(flipped) }));
    }
}
