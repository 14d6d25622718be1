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
        Assert.Equal(ProverFailure.AssertionFailed, e.Failure);
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
        for (int i = 0; i < 5; i++)
        {
            trace[SchnorrLayout.AccX + i, SchnorrLayout.Steps] = statement.ExpectedAccumulator.X[i];
            trace[SchnorrLayout.AccY + i, SchnorrLayout.Steps] = statement.ExpectedAccumulator.Y[i];
        }
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
}
