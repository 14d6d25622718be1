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

/// <summary>
/// Every theory runs on the three forms of the AIR: batch proof v4 (<c>inTrace</c> false: the statement gives the
/// message digest and e is recomputed natively), v5 (the statement gives the message's elements and the trace hashes
/// the message and the challenge) and v6 (v5 with the next-y constraint at degree 3). The forged hints fail the same
/// constraints in all three; the in-trace challenge's own tests run on v6.
/// </summary>
public sealed class SchnorrSignaturesAirTests
{
    private static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);

    /// <summary>The domain digest v5 messages start with.</summary>
    private static readonly RpoDigest Domain = Rpo256.HashElements([Felt.FromU64(7), Felt.FromU64(11)]);

    /// <summary>First index of v5's constraints (after the 69 step constraints and the 35 encoding checks).</summary>
    private const int ChallengeStart = 69 + 35;

    /// <summary>A message's elements: a domain digest, then five random elements (like a transfer's kind and fields).</summary>
    private static Felt[] Elements(TestRng rng, RpoDigest domain) =>
        [domain[0], domain[1], domain[2], domain[3], rng.NextFelt(), rng.NextFelt(), rng.NextFelt(), rng.NextFelt(), rng.NextFelt()];

    private static (ZkSigningKey Key, Felt[] Elements, ZkSignature Signature) Signed(TestRng rng)
    {
        var key = ZkSigningKey.FromSeed(rng.NextBytes(32));
        Felt[] elements = Elements(rng, Domain);
        return (key, elements, key.Sign(Rpo256.HashElements(elements)));
    }

    private static SchnorrStatement Statement(Fp5 key, Felt[] elements, ZkSignature signature, bool inTrace) => inTrace
        ? new SchnorrStatement(key, elements, signature)
        : new SchnorrStatement(key, Rpo256.HashElements(elements), signature);

    private static SchnorrStatement Statement(TestRng rng, bool inTrace)
    {
        var (key, elements, signature) = Signed(rng);
        return Statement(key.PublicKey.W, elements, signature, inTrace);
    }

    /// <summary>The AIR of batch proof <paramref name="version"/>: 4 (challenge native), 5 (in the trace), 6 (and next-y at degree 3).</summary>
    private static SchnorrSignaturesAir Air(IReadOnlyList<SchnorrStatement> statements, int version) =>
        new(statements, 0, version >= 5 ? Domain : null, nextYFromNextX: version >= 6);

    private static void AssertRejected(StarkAir air, TraceTable trace)
    {
        StarkProof proof = StarkProver.Prove(air, trace, Fast, skipSelfChecks: true);
        Assert.False(StarkVerifier.TryVerify(air, ProofCodec.Encode(proof), out ProofRejection? why, minimumSecurityBits: 0));
        Assert.NotNull(why);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Native_signatures_on_random_messages_prove_and_verify_in_the_air(int version)
    {
        bool inTrace = version >= 5;
        var rng = new TestRng(21);
        var statements = new[] { Statement(rng, inTrace), Statement(rng, inTrace), Statement(rng, inTrace) }; // padded to 4 segments
        var air = Air(statements, version);
        Assert.Equal(4 * SchnorrLayout.SegmentLength, air.TraceLength);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), Fast);
        Assert.True(StarkVerifier.TryVerify(air, proof, out ProofRejection? why, minimumSecurityBits: 0), why?.ToString());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void One_signature_at_the_default_100_bit_options(int version)
    {
        bool inTrace = version >= 5;
        var air = Air([Statement(new TestRng(22), inTrace)], version);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), ProofOptions.Default);
        StarkVerifier.Verify(air, proof);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_forged_signature_has_no_honest_proof_and_a_cheating_proof_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        var rng = new TestRng(23);
        var (key, message, signature) = Signed(rng);
        var forged = new ZkSignature(signature.R, ZkScalar.Reduce(signature.S + 1));
        Assert.False(SchnorrRpo.Verify(key.PublicKey, Rpo256.HashElements(message), forged));
        var air = Air([Statement(key.PublicKey.W, message, forged, inTrace)], version);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        var e = Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast));
        // The accumulator ends at s·G − e·Q + 2^320·H, which the result row finds does not encode to w(R).
        Assert.Equal(ProverFailure.ConstraintDegreeExceeded, e.Failure);
        AssertRejected(air, trace);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_signature_checked_against_another_key_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        var rng = new TestRng(24);
        var (_, message, signature) = Signed(rng);
        var other = ZkSigningKey.FromSeed(rng.NextBytes(32));
        var air = Air([Statement(other.PublicKey.W, message, signature, inTrace)], version);
        AssertRejected(air, SchnorrSignaturesTrace.Build(air));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_trace_that_fakes_the_final_accumulator_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        // The cheater writes the expected result on row 320 without computing it: the last step's constraint fails.
        var rng = new TestRng(25);
        var (key, message, signature) = Signed(rng);
        var forged = new ZkSignature(signature.R, ZkScalar.Reduce(signature.S + 1));
        var statement = Statement(key.PublicKey.W, message, forged, inTrace);
        var air = Air([statement], version);
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

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_non_binary_bit_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        // Bit 2 with the accumulator kept consistent: binary constraint catches it.
        var air = Air([Statement(new TestRng(26), inTrace)], version);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        trace[SchnorrLayout.SBit, 100] = 2u;
        AssertRejected(air, trace);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Changing_a_public_input_invalidates_the_proof(int version)
    {
        bool inTrace = version >= 5;
        var rng = new TestRng(27);
        var statement = Statement(rng, inTrace);
        var air = Air([statement], version);
        byte[] proof = StarkProver.ProveToBytes(air, SchnorrSignaturesTrace.Build(air), Fast);
        Felt[] otherMessage = Elements(rng, Domain);
        var lying = Air([Statement(statement.Key, otherMessage, statement.Signature, inTrace)], version);
        Assert.False(StarkVerifier.TryVerify(lying, proof, out _, minimumSecurityBits: 0));
    }

    /// <summary>Constraint index of the encoding checks' k-th group of five (0: line, 1: inverse/square, 2: encoding/curve, ...).</summary>
    private static int Check(int group) => 69 + 5 * group;

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void An_honest_trace_violates_no_constraint_and_its_check_rows_hold_the_encodings(int version)
    {
        bool inTrace = version >= 5;
        var statement = Statement(new TestRng(28), inTrace);
        var air = Air([statement], version);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        Assert.Empty(ConstraintViolations.Of(air, trace));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(statement.Signature.R[i], trace[SchnorrLayout.LambdaD + i, SchnorrLayout.ResultRow]);
            Assert.Equal(statement.Key[i], trace[SchnorrLayout.LambdaD + i, SchnorrLayout.KeyRow]);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_key_hint_outside_the_prime_order_group_fails_the_square_check_alone_and_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        // The line of slope w(Q) through N meets the curve at Q and at −Q + N (outside the group). A signer holding x
        // who signs with −x for an even challenge makes s·G − e·(−Q + N) = R hold, so that hint passes the steps, the
        // line and the curve: only "x is a nonzero square" on the key row tells the two points apart.
        var rng = new TestRng(29);
        BigInteger secret = new BigInteger(rng.NextBytes(48), isUnsigned: true) % EcGfp5Point.Order;
        EcGfp5Point q = EcGfp5Point.Generator.Multiply(secret);
        Felt[] message = Elements(rng, Domain);
        BigInteger k, e;
        EcGfp5Point r;
        do
        {
            k = new BigInteger(rng.NextBytes(48), isUnsigned: true) % EcGfp5Point.Order;
            r = EcGfp5Point.Generator.Multiply(k);
            e = SchnorrRpo.Challenge(r.Encode(), q.Encode(), Rpo256.HashElements(message));
        }
        while (!e.IsEven);
        BigInteger s = ((k - e * secret) % EcGfp5Point.Order + EcGfp5Point.Order) % EcGfp5Point.Order;
        var statement = Statement(q.Encode(), message, new ZkSignature(r.Encode(), s), inTrace);
        EcGfp5Point hint = EcGfp5Point.FromAffineUnchecked(EcGfp5Point.ADiv3, Fp5.Zero) + -q;
        Assert.Equal(Fp5.Zero - statement.Key * (hint.X - EcGfp5Point.ADiv3), hint.Y); // on the line of slope w(Q) through N
        var air = Air([statement], version);
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

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_key_hint_for_another_key_fails_the_line_check_and_is_rejected(int version)
    {
        bool inTrace = version >= 5;
        // The steps computed honestly with another valid key's point: the key row's line check pins −Q to w(Q).
        var rng = new TestRng(30);
        var statement = Statement(rng, inTrace);
        EcGfp5Point other = ZkSigningKey.FromSeed(rng.NextBytes(32)).PublicKey.Point;
        var air = Air([statement], version);
        TraceTable trace = SchnorrSignaturesTrace.Build(air, [other]);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.Contains(violations, v => v.Row == SchnorrLayout.KeyRow && v.Constraint == Check(0));
        Assert.DoesNotContain(violations, v => v.Row < SchnorrLayout.ResultRow);
        AssertRejected(air, trace);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_commitment_that_is_not_the_computed_R_fails_the_result_rows_encoding_check_alone(int version)
    {
        bool inTrace = version >= 5;
        // The signature's R replaced by another group element's encoding (and e recomputed for it): every step is
        // honest, the result row computes acc − 2^320·H, which does not encode to the claimed w(R).
        var rng = new TestRng(31);
        var (key, message, signature) = Signed(rng);
        Fp5 otherR = ZkSigningKey.FromSeed(rng.NextBytes(32)).PublicKey.W;
        var statement = Statement(key.PublicKey.W, message, new ZkSignature(otherR, signature.S), inTrace);
        var air = Air([statement], version);
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

    [Fact]
    public void A_challenge_that_is_not_the_hash_of_the_message_fails_the_limb_check_alone_and_is_rejected()
    {
        // v5: the signature is valid for another message, and the cheater takes e's bits from that message's challenge:
        // every curve step and check row is honest, the trace hashes the claimed message, and only the chunks of e
        // (rows 127..319, against the copied digest limbs) disagree with the hash.
        var rng = new TestRng(32);
        var (key, _, _) = Signed(rng);
        Felt[] claimed = Elements(rng, Domain), signedFor = Elements(rng, Domain);
        ZkSignature signature = key.Sign(Rpo256.HashElements(signedFor));
        var statement = new SchnorrStatement(key.PublicKey.W, claimed, signature);
        BigInteger cheat = SchnorrRpo.Challenge(signature.R, key.PublicKey.W, Rpo256.HashElements(signedFor));
        var air = Air([statement], 6);
        TraceTable trace = SchnorrSignaturesTrace.Build(air, null, [cheat]);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.NotEmpty(violations);
        int limbCheck = ChallengeStart + SchnorrChallengeConstraints.Rounds + SchnorrChallengeConstraints.Links
            + SchnorrChallengeConstraints.Carries + SchnorrChallengeConstraints.Digests;
        Assert.All(violations, v =>
        {
            Assert.Equal(limbCheck, v.Constraint);
            Assert.Contains(v.Row, (int[])[127, 191, 255, 319]);
        });
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast));
        AssertRejected(air, trace);
        // The honest trace of the claimed statement has no proof either: the signature does not verify for its challenge.
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, SchnorrSignaturesTrace.Build(air), Fast));
    }

    [Fact]
    public void A_message_under_another_domain_fails_the_domain_link_alone_and_is_rejected()
    {
        // v5: a signature made for another rollup's message (another domain digest, validly signed): the first block's
        // domain cells are AIR constants, so only those four links fail, on the row before the message's input row.
        var rng = new TestRng(33);
        var key = ZkSigningKey.FromSeed(rng.NextBytes(32));
        RpoDigest otherDomain = Rpo256.HashElements([Felt.FromU64(8)]);
        Felt[] elements = Elements(rng, otherDomain);
        var statement = new SchnorrStatement(key.PublicKey.W, elements, key.Sign(Rpo256.HashElements(elements)));
        var air = Air([statement], 6);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        var violations = ConstraintViolations.Of(air, trace);
        Assert.NotEmpty(violations);
        Assert.All(violations, v =>
        {
            Assert.Equal(SchnorrChallengeLayout.MessageRow - 1, v.Row);
            Assert.InRange(v.Constraint, ChallengeStart + SchnorrChallengeConstraints.Rounds + 4, ChallengeStart + SchnorrChallengeConstraints.Rounds + 7);
        });
        AssertRejected(air, trace);
        // Under its own domain the same statement proves.
        var own = new SchnorrSignaturesAir([statement], 0, otherDomain);
        Assert.Empty(ConstraintViolations.Of(own, SchnorrSignaturesTrace.Build(own)));
    }

    [Fact]
    public void A_w_R_carried_into_the_challenge_that_is_not_the_checked_one_fails_its_carry_and_is_rejected()
    {
        // v5: the cheater hashes another w(R) into the challenge than the one the result row checks: it must change the
        // carried copy somewhere between the result row and the challenge's input row, which the hold constraint sees.
        var rng = new TestRng(34);
        var statement = Statement(rng, true);
        var air = Air([statement], 6);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        trace[SchnorrLayout.DoubleY, SchnorrChallengeLayout.ChallengeRow - 1] += Felt.One;
        var violations = ConstraintViolations.Of(air, trace);
        Assert.NotEmpty(violations);
        int carryR = ChallengeStart + SchnorrChallengeConstraints.Rounds + SchnorrChallengeConstraints.Links;
        Assert.Contains(violations, v => v.Constraint == carryR && v.Row == SchnorrChallengeLayout.ChallengeRow - 2);
        AssertRejected(air, trace);
    }

    [Fact]
    public void The_in_trace_challenge_is_the_native_one()
    {
        var statement = Statement(new TestRng(35), true);
        var air = Air([statement], 6);
        TraceTable trace = SchnorrSignaturesTrace.Build(air);
        BigInteger e = BigInteger.Zero;
        for (int i = 3; i >= 0; i--)
        {
            e = (e << 64) + trace[SchnorrChallengeLayout.Digest + i, 0].Value;
        }
        Assert.Equal(statement.Challenge, e);
        Assert.Equal(SchnorrRpo.Challenge(statement.Signature.R, statement.Key, Rpo256.HashElements(statement.MessageElements!)), e);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(statement.Message[i], trace[SchnorrLayout.SelX + i, SchnorrChallengeLayout.ChallengeRow]);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void A_wrong_next_y_fails_the_next_y_constraint_after_an_addition_and_after_a_doubling_alone(int version)
    {
        // v6 states next.y from next.x (degree 3), v5 from the recomputed sum's x (degree 5): both must catch a wrong y
        // after a step that adds a point (a bit set) and after one that only doubles (no bit set), where v6's reading
        // rests on next.x = D.x.
        var air = Air([Statement(new TestRng(36), true)], version);
        TraceTable honest = SchnorrSignaturesTrace.Build(air);
        foreach (bool bitSet in (bool[])[true, false])
        {
            int row = 1;
            while ((honest[SchnorrLayout.SBit, row] + honest[SchnorrLayout.EBit, row] != Felt.Zero) != bitSet) row++;
            Assert.InRange(row, 1, SchnorrLayout.Steps - 2);
            TraceTable trace = SchnorrSignaturesTrace.Build(air);
            trace[SchnorrLayout.AccY + 2, row + 1] += Felt.One;
            var violations = ConstraintViolations.Of(air, trace);
            Assert.Contains((42, row), violations);
            Assert.All(violations.Where(v => v.Row == row), v => Assert.InRange(v.Constraint, 40, 44));
            AssertRejected(air, trace);
        }
    }

    [Fact]
    public void A_v5_proof_is_not_a_v6_proof()
    {
        // Same trace, other constraints and AIR name: each version's proof verifies under its own AIR only.
        var statement = Statement(new TestRng(37), true);
        SchnorrSignaturesAir v5 = Air([statement], 5), v6 = Air([statement], 6);
        Assert.NotEqual(v5.Name, v6.Name);
        Assert.Equal(8, v5.TransitionDegrees[40].DomainFactor(v5.TraceLength));
        Assert.Equal(4, v6.TransitionDegrees[40].DomainFactor(v6.TraceLength));
        byte[] proof5 = StarkProver.ProveToBytes(v5, SchnorrSignaturesTrace.Build(v5), Fast);
        byte[] proof6 = StarkProver.ProveToBytes(v6, SchnorrSignaturesTrace.Build(v6), Fast);
        Assert.True(StarkVerifier.TryVerify(v5, proof5, out _, minimumSecurityBits: 0));
        Assert.True(StarkVerifier.TryVerify(v6, proof6, out _, minimumSecurityBits: 0));
        Assert.False(StarkVerifier.TryVerify(v6, proof5, out _, minimumSecurityBits: 0));
        Assert.False(StarkVerifier.TryVerify(v5, proof6, out _, minimumSecurityBits: 0));
        Assert.Throws<ArgumentException>(() => new SchnorrSignaturesAir([statement], 0, null, nextYFromNextX: true));
    }
}
