using System.Numerics;
using CsCheck;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using static Lamina.L2.Tests.Zk.ZkFixture;

namespace Lamina.L2.Tests.Zk.Batch;

/// <summary>
/// The executor admits only what the batch AIR can prove: a key ±G (its secret ±1 is public, so anyone can sign
/// for it) and a signature whose computation meets an exceptional addition or ends at the offset verify natively
/// but have no proof, and one such transaction would make its whole batch unprovable. Each entry point refuses
/// them with a typed error; honest keys and signatures are unaffected.
/// </summary>
public sealed class ZkProvableAdmissionTests
{
    private const uint G = 77; // the slot of an account holding a key ±G (planted: no entry point creates one any more)

    public static TheoryData<int> Secrets => new() { 1, -1 };

    /// <summary>The key x·G for the public secret x = ±1.</summary>
    private static ZkPublicKey KeyOf(int secret) => ZkPublicKey.FromEncoding(EcGfp5Point.Generator.Multiply(Secret(secret)).Encode());

    private static BigInteger Secret(int secret) => secret > 0 ? secret : EcGfp5Point.Order + secret;

    /// <summary>A valid Schnorr signature by the secret ±1, as anyone can make one.</summary>
    private static ZkSignature SignWithPublicSecret(int secret, RpoDigest message)
    {
        BigInteger k = 123_456_789;
        Fp5 r = EcGfp5Point.Generator.Multiply(k).Encode();
        BigInteger e = SchnorrRpo.Challenge(r, KeyOf(secret).W, message);
        return new ZkSignature(r, ZkScalar.Reduce(k + e * Secret(secret)));
    }

    private static ZkState WithGeneratorAccount(int secret)
    {
        ZkState state = Funded();
        state.Accounts.Set(G, new AccountLeaf(KeyOf(secret), 500, 0));
        return state;
    }

    private static T Signed<T>(T tx, int secret) where T : SignedZkTransaction =>
        tx with { Signature = SignWithPublicSecret(secret, tx.SigningMessage(Domain)) };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_transfer_under_a_key_plus_or_minus_G_verifies_natively_but_has_no_proof_so_the_executor_and_the_batch_builder_refuse_it(int secret)
    {
        ZkState state = WithGeneratorAccount(secret);
        TransferTx tx = Signed(TransferTx.Create(G, A, PackedAmount.Pack(10), 0, Alice, Domain), secret);
        RpoDigest message = tx.SigningMessage(Domain);
        Assert.True(SchnorrRpo.Verify(KeyOf(secret), message, tx.Signature)); // the gap: native verification alone accepts it
        var unprovable = new SchnorrSignaturesAir([new SchnorrStatement(KeyOf(secret), message, tx.Signature)]);
        Exception? traceError = Record.Exception(() => SchnorrSignaturesTrace.Build(unprovable)); // and the prover cannot prove it
        Assert.IsType<InvalidOperationException>(traceError is AggregateException all ? all.InnerException : traceError);

        var root = state.Root;
        var refused = Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchExecutor(Domain).Apply(state, tx));
        Assert.Equal(ZkTxError.UnprovableKey, refused.Error);
        Assert.Equal(root, state.Root);
        var batch = Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchProver(Domain, Fast).Prove(state, [tx], 1));
        Assert.Equal(ZkTxError.UnprovableKey, batch.Error);
        Assert.Equal(0, batch.Position);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_withdrawal_under_a_key_plus_or_minus_G_is_refused(int secret)
    {
        ZkState state = WithGeneratorAccount(secret);
        WithdrawalTx tx = Signed(WithdrawalTx.Create(G, 10, L1, 0, Alice, Domain), secret);
        var refused = Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchExecutor(Domain).Apply(state, tx));
        Assert.Equal(ZkTxError.UnprovableKey, refused.Error);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Registering_a_key_plus_or_minus_G_in_a_transfer_to_a_new_account_is_refused(int secret)
    {
        ZkState state = Funded();
        var root = state.Root;
        var tx = TransferToNewTx.Create(A, G, KeyOf(secret), PackedAmount.Pack(10), 0, Alice, Domain);
        var refused = Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchExecutor(Domain).Apply(state, tx));
        Assert.Equal(ZkTxError.UnprovableKey, refused.Error);
        Assert.Equal(root, state.Root);
        Assert.Throws<InvalidZkTransactionException>(() => new ZkBatchProver(Domain, Fast).Prove(state, [tx], 1));
    }

    [Fact]
    public void A_deposit_of_a_key_plus_or_minus_G_is_refunded_and_its_batch_proves_and_verifies()
    {
        ZkState state = Funded();
        ZkTransaction[] deposits = [new DepositOp(2, G, KeyOf(1), 40), new DepositOp(3, G + 1, KeyOf(-1), 60)];
        ZkProvenBatch batch = Prove(state, deposits, 1);
        Assert.All(PubdataCodec.Decode(batch.Result.Pubdata), op => Assert.False(op.Applied));
        Assert.True(batch.Result.State.Accounts.Get(G).IsEmpty);
        Assert.True(batch.Result.State.Accounts.Get(G + 1).IsEmpty);
        Verify(state, batch);
    }

    [Fact]
    public void A_forced_exit_under_a_key_plus_or_minus_G_is_consumed_without_effect_and_its_batch_proves_and_verifies()
    {
        // L1 queues forced exits and the operator may not skip them: applying an unprovable one would stall the rollup.
        ZkState state = WithGeneratorAccount(1);
        ForcedExitOp exit = Signed(ForcedExitOp.Create(2, G, L1, 0, Alice, Domain), 1);
        Assert.True(SchnorrRpo.Verify(KeyOf(1), exit.SigningMessage(Domain), exit.Signature));
        Assert.False(new ZkBatchExecutor(Domain).ForcedExitApplies(state.Accounts.Get(G), exit));
        ZkProvenBatch batch = Prove(state, [exit], 1);
        Assert.False(PubdataCodec.Decode(batch.Result.Pubdata)[0].Applied);
        Assert.Equal(500UL, batch.Result.State.Accounts.Get(G).Balance);
        Verify(state, batch);
    }

    [Fact]
    public void Honest_random_keys_and_signatures_are_provable_and_admitted()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.ULong, Gen.ULong, Gen.ULong).Sample((seed, m0, m1, m2) =>
        {
            ZkSigningKey key = ZkSigningKey.FromSeed(seed);
            RpoDigest message = Rpo256.HashElements([Lamina.Stark.Field.Felt.FromU64(m0), Lamina.Stark.Field.Felt.FromU64(m1), Lamina.Stark.Field.Felt.FromU64(m2)]);
            ZkSignature signature = key.Sign(message);
            Assert.Null(SchnorrProvability.CheckKey(key.PublicKey));
            Assert.Null(ZkBatchExecutor.SignatureError(key.PublicKey, message, signature));
        }, iter: 40);
    }

    [Fact]
    public void A_bad_signature_stays_a_bad_signature()
    {
        RpoDigest message = Rpo256.HashElements([Lamina.Stark.Field.Felt.One]);
        ZkSignature signature = Alice.Sign(message);
        Assert.Equal(ZkTxError.BadSignature, ZkBatchExecutor.SignatureError(Bob.PublicKey, message, signature));
        Assert.Equal(ZkTxError.BadSignature, ZkBatchExecutor.SignatureError(KeyOf(1), message, SignWithPublicSecret(-1, message)));
        Assert.Equal(ZkTxError.UnprovableKey, ZkBatchExecutor.SignatureError(KeyOf(-1), message, SignWithPublicSecret(-1, message)));
    }
}
