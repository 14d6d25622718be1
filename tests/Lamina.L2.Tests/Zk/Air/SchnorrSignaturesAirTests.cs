using System.Numerics;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Air;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.L2.Tests.Zk.Air;

public sealed class SchnorrSignaturesAirTests
{
    private static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);

    private static (ZkSigningKey Key, RpoDigest Message, ZkSignature Signature) Signed(TestRng rng)
    {
        var key = ZkSigningKey.FromSeed(rng.NextBytes(32));
        var message = Rpo256.HashElements([rng.NextFelt(), rng.NextFelt(), rng.NextFelt()]);
        return (key, message, key.Sign(message));
    }

    private static SchnorrStatement Statement(TestRng rng)
    {
        var (key, message, signature) = Signed(rng);
        return new SchnorrStatement(key.PublicKey, message, signature);
    }

    private static void AssertRejected(StarkAir air, TraceTable trace)
    {
        StarkProof proof = StarkProver.Prove(air, trace, Fast, skipSelfChecks: true);
        Assert.False(StarkVerifier.TryVerify(air, ProofCodec.Encode(proof), out ProofRejection? why, minimumSecurityBits: 0));
        Assert.NotNull(why);
    }

    [Fact]
    public void Native_signatures_on_random_messages_prove_and_verify_in_the_air()
    {
        var rng = new TestRng(21);
        var statements = new[] { Statement(rng), Statement(rng), Statement(rng) }; // padded to 4 segments
        var air = new SchnorrSignaturesAir(statements);
        Assert.Equal(4 * SchnorrLayout.SegmentLength, air.TraceLength);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), Fast);
        Assert.True(StarkVerifier.TryVerify(air, proof, out ProofRejection? why, minimumSecurityBits: 0), why?.ToString());
    }

    [Fact]
    public void One_signature_at_the_default_100_bit_options()
    {
        var air = new SchnorrSignaturesAir([Statement(new TestRng(22))]);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), ProofOptions.Default);
        StarkVerifier.Verify(air, proof);
    }

    [Fact]
    public void A_forged_signature_has_no_honest_proof_and_a_cheating_proof_is_rejected()
    {
        var rng = new TestRng(23);
        var (key, message, signature) = Signed(rng);
        var forged = new ZkSignature(signature.R, ZkScalar.Reduce(signature.S + 1));
        Assert.False(SchnorrRpo.Verify(key.PublicKey, message, forged));
        var air = new SchnorrSignaturesAir([new SchnorrStatement(key.PublicKey, message, forged)]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast));
        // The accumulator ends at s·G − e·Q + 2^320·H, which the result row finds does not encode to w(R).
        Assert.Equal(ProverFailure.ConstraintDegreeExceeded, e.Failure);
        AssertRejected(air, trace);
    }

    [Fact]
    public void A_signature_checked_against_another_key_is_rejected()
    {
        var rng = new TestRng(24);
        var (_, message, signature) = Signed(rng);
        var other = ZkSigningKey.FromSeed(rng.NextBytes(32));
        var air = new SchnorrSignaturesAir([new SchnorrStatement(other.PublicKey, message, signature)]);
        AssertRejected(air, SchnorrSignaturesTrace.Build(air));
    }

    [Fact]
    public void A_trace_that_fakes_the_final_accumulator_is_rejected()
    {
        // The cheater writes the expected result on row 320 without computing it: the last step's constraint fails.
        var rng = new TestRng(25);
        var (key, message, signature) = Signed(rng);
        var forged = new ZkSignature(signature.R, ZkScalar.Reduce(signature.S + 1));
        var statement = new SchnorrStatement(key.PublicKey, message, forged);
        var air = new SchnorrSignaturesAir([statement]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        EcGfp5Point expected = EcGfp5Point.Decode(forged.R)!.Value + SchnorrLayout.OffsetAfter;
        for (int i = 0; i < 5; i++)
        {
            trace[SchnorrLayout.AccX + i, SchnorrLayout.Steps] = expected.X[i];
            trace[SchnorrLayout.AccY + i, SchnorrLayout.Steps] = expected.Y[i];
        }
        (Fp5 lambda, Fp5 inverse) = SchnorrEncodingChecks.ResultWitness(expected);
        for (int i = 0; i < 5; i++)
        {
            trace[SchnorrLayout.LambdaA + i, SchnorrLayout.ResultRow] = lambda[i];
            trace[SchnorrLayout.Inv + i, SchnorrLayout.ResultRow] = inverse[i];
        }
        // Only the last step's constraints fail: the result row itself is consistent with the faked accumulator.
        Assert.All(ConstraintViolations.Of(air, trace), v => Assert.Equal(SchnorrLayout.Steps - 1, v.Row));
        AssertRejected(air, trace);
    }

    [Fact]
    public void A_non_binary_bit_is_rejected()
    {
        // Bit 2 with the accumulator kept consistent: binary constraint catches it.
        var air = new SchnorrSignaturesAir([Statement(new TestRng(26))]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        trace[SchnorrLayout.SBit, 100] = 2u;
        AssertRejected(air, trace);
    }

    [Fact]
    public void Changing_a_public_input_invalidates_the_proof()
    {
        var rng = new TestRng(27);
        var statement = Statement(rng);
        var air = new SchnorrSignaturesAir([statement]);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), Fast);
        var otherMessage = Rpo256.HashElements([Felt.One]);
        var lying = new SchnorrSignaturesAir([new SchnorrStatement(statement.Key, otherMessage, statement.Signature)]);
        Assert.False(StarkVerifier.TryVerify(lying, proof, out _, minimumSecurityBits: 0));
    }

    /// <summary>Constraint index of the encoding checks' k-th group of five (0: line, 1: inverse/square, 2: encoding/curve, ...).</summary>
    private static int Check(int group) => 69 + 5 * group;

    [Fact]
    public void An_honest_trace_violates_no_constraint_and_its_check_rows_hold_the_encodings()
    {
        var statement = Statement(new TestRng(28));
        var air = new SchnorrSignaturesAir([statement]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        Assert.Empty(ConstraintViolations.Of(air, trace));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(statement.Signature.R[i], trace[SchnorrLayout.LambdaD + i, SchnorrLayout.ResultRow]);
            Assert.Equal(statement.Key[i], trace[SchnorrLayout.LambdaD + i, SchnorrLayout.KeyRow]);
        }
    }

    [Fact]
    public void A_key_hint_outside_the_prime_order_group_fails_the_square_check_alone_and_is_rejected()
    {
        // The line of slope w(Q) through N meets the curve at Q and at −Q + N (outside the group). A signer holding x
        // who signs with −x for an even challenge makes s·G − e·(−Q + N) = R hold, so that hint passes the steps, the
        // line and the curve: only "x is a nonzero square" on the key row tells the two points apart.
        var rng = new TestRng(29);
        BigInteger secret = new BigInteger(rng.NextBytes(48), isUnsigned: true) % EcGfp5Point.Order;
        EcGfp5Point q = EcGfp5Point.Generator.Multiply(secret);
        RpoDigest message = Rpo256.HashElements([rng.NextFelt()]);
        BigInteger k, e;
        EcGfp5Point r;
        do
        {
            k = new BigInteger(rng.NextBytes(48), isUnsigned: true) % EcGfp5Point.Order;
            r = EcGfp5Point.Generator.Multiply(k);
            e = SchnorrRpo.Challenge(r.Encode(), q.Encode(), message);
        }
        while (!e.IsEven);
        BigInteger s = ((k - e * secret) % EcGfp5Point.Order + EcGfp5Point.Order) % EcGfp5Point.Order;
        var statement = new SchnorrStatement(q.Encode(), message, new ZkSignature(r.Encode(), s));
        EcGfp5Point hint = EcGfp5Point.FromAffineUnchecked(EcGfp5Point.ADiv3, Fp5.Zero) + -q;
        Assert.Equal(Fp5.Zero - statement.Key * (hint.X - EcGfp5Point.ADiv3), hint.Y); // on the line of slope w(Q) through N
        var air = new SchnorrSignaturesAir([statement]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air, [hint]);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.NotEmpty(violations);
        Assert.All(violations, v =>
        {
            Assert.Equal(SchnorrLayout.KeyRow, v.Row);
            Assert.InRange(v.Constraint, Check(1), Check(2) - 1);
        });
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast));
        AssertRejected(air, trace);
    }

    [Fact]
    public void A_key_hint_for_another_key_fails_the_line_check_and_is_rejected()
    {
        // The steps computed honestly with another valid key's point: the key row's line check pins −Q to w(Q).
        var rng = new TestRng(30);
        var statement = Statement(rng);
        EcGfp5Point other = ZkSigningKey.FromSeed(rng.NextBytes(32)).PublicKey.Point;
        var air = new SchnorrSignaturesAir([statement]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air, [other]);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.Contains(violations, v => v.Row == SchnorrLayout.KeyRow && v.Constraint == Check(0));
        Assert.DoesNotContain(violations, v => v.Row < SchnorrLayout.ResultRow);
        AssertRejected(air, trace);
    }

    [Fact]
    public void A_commitment_that_is_not_the_computed_R_fails_the_result_rows_encoding_check_alone()
    {
        // The signature's R replaced by another group element's encoding (and e recomputed for it): every step is
        // honest, the result row computes acc − 2^320·H, which does not encode to the claimed w(R).
        var rng = new TestRng(31);
        var (key, message, signature) = Signed(rng);
        Fp5 otherR = ZkSigningKey.FromSeed(rng.NextBytes(32)).PublicKey.W;
        var statement = new SchnorrStatement(key.PublicKey, message, new ZkSignature(otherR, signature.S));
        var air = new SchnorrSignaturesAir([statement]);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.NotEmpty(violations);
        Assert.All(violations, v =>
        {
            Assert.Equal(SchnorrLayout.ResultRow, v.Row);
            Assert.InRange(v.Constraint, Check(2), Check(3) - 1);
        });
        AssertRejected(air, trace);
    }
}
