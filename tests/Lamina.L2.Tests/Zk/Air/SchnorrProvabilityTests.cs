using System.Numerics;
using CsCheck;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using static Lamina.L2.Zk.Air.SchnorrLayout;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// <see cref="SchnorrProvability"/> finds each place where the signature trace needs an inverse of zero. Nobody can
/// aim a real signature at an exceptional step (that needs the offset's discrete log), so these statements are built
/// from chosen (Q, s, e) rather than signed: e with one bit set makes the accumulator before that bit independent of Q,
/// and Q is then chosen to meet it.
/// </summary>
public sealed class SchnorrProvabilityTests
{
    private static EcGfp5Point AccumulatorBefore(int step, BigInteger s) =>
        Offset.Multiply(BigInteger.One << step) + EcGfp5Point.Generator.Multiply(s >> (Steps - step));

    [Fact]
    public void Keys_plus_and_minus_G_are_refused_and_2G_is_not()
    {
        Assert.Equal(SchnorrUnprovable.KeyIsGenerator, SchnorrProvability.Check(EcGfp5Point.Generator, 5, 7));
        Assert.Equal(SchnorrUnprovable.KeyIsGenerator, SchnorrProvability.Check(-EcGfp5Point.Generator, 5, 7));
        Assert.Null(SchnorrProvability.Check(EcGfp5Point.Generator.Double(), 5, 7));
    }

    [Fact]
    public void A_step_whose_doubled_accumulator_meets_the_added_point_is_an_exceptional_addition()
    {
        // e = 2^b, s random: at step i = 319 − b the added point is −Q (s bit 0) or G − Q (s bit 1).
        Gen.Select(Gen.Int[0, 255], Gen.ULong, Gen.ULong, Gen.Bool).Sample((bit, s0, s1, negate) =>
        {
            BigInteger s = (new BigInteger(s0) << 200) + s1;
            int step = Steps - 1 - bit;
            EcGfp5Point doubled = AccumulatorBefore(step, s).Double();
            EcGfp5Point meet = negate ? -doubled : doubled;
            bool sBit = !((s >> bit) & BigInteger.One).IsZero;
            EcGfp5Point key = sBit ? EcGfp5Point.Generator - meet : -meet;
            Assert.Equal(SchnorrUnprovable.ExceptionalAddition, SchnorrProvability.Check(key, s, BigInteger.One << bit));
            Assert.Null(SchnorrProvability.Check(key.Double(), s, BigInteger.One << bit)); // any other key passes that step
        }, iter: 12);
    }

    [Fact]
    public void An_accumulator_ending_at_plus_or_minus_the_shifted_offset_is_refused()
    {
        // e = 1: the accumulator ends at 2^320·H + s·G − Q, which Q = 2·(2^320·H) + s·G sends to −2^320·H.
        Gen.ULong.Sample(s0 =>
        {
            BigInteger s = s0;
            EcGfp5Point key = OffsetAfter.Double() + EcGfp5Point.Generator.Multiply(s);
            Assert.Equal(SchnorrUnprovable.ResultAtOffset, SchnorrProvability.Check(key, s, BigInteger.One));
            Assert.Null(SchnorrProvability.Check(key, s + 1, BigInteger.One));
        }, iter: 6);
    }

    [Fact]
    public void The_walk_gives_the_verification_point_and_the_executor_judges_as_verify_does()
    {
        // The executor verifies from the provability walk's end (2^320·H + s·G − e·Q minus 2^320·H); it must agree
        // with the two scalar multiplications of SchnorrRpo.Verify on honest, altered and foreign signatures.
        Gen.ULong.Sample(seed =>
        {
            byte[] a = new byte[32], b = new byte[32];
            BitConverter.TryWriteBytes(a, seed);
            BitConverter.TryWriteBytes(b, seed ^ 0x5A5A5A5AUL);
            b[31] = 1;
            ZkSigningKey signer = ZkSigningKey.FromSeed(a), other = ZkSigningKey.FromSeed(b);
            var message = new Lamina.Stark.Hashing.RpoDigest(Felt.FromU64(seed), Felt.FromU64(seed + 1), 2u, 3u);
            ZkSignature signature = signer.Sign(message);
            BigInteger e = SchnorrRpo.Challenge(signature.R, signer.PublicKey.W, message);
            Assert.Null(SchnorrProvability.Check(signer.PublicKey.Point, signature.S, e, out EcGfp5Point point));
            Assert.Equal(EcGfp5Point.Generator.Multiply(signature.S) - signer.PublicKey.Point.Multiply(e), point);
            Assert.Null(Lamina.L2.Zk.Batch.ZkBatchExecutor.SignatureError(signer.PublicKey, message, signature));
            var altered = new ZkSignature(signature.R, (signature.S + 1) % EcGfp5Point.Order);
            var otherMessage = new Lamina.Stark.Hashing.RpoDigest(Felt.FromU64(seed + 1), Felt.FromU64(seed + 1), 2u, 3u);
            foreach (var (key, m, sig) in new[] { (signer.PublicKey, message, altered), (other.PublicKey, message, signature), (signer.PublicKey, otherMessage, signature) })
            {
                Assert.False(SchnorrRpo.Verify(key, m, sig));
                Assert.Equal(Lamina.L2.Zk.Batch.ZkTxError.BadSignature, Lamina.L2.Zk.Batch.ZkBatchExecutor.SignatureError(key, m, sig));
            }
        }, iter: 4);
    }
}
