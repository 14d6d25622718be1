using CsCheck;
using Lamina.Stark.Examples;
using Lamina.Stark.Fuzzing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Tests;

public class SerializationTests
{
    private static byte[] SmallProof(out FibonacciAir air)
    {
        air = new FibonacciAir(16, FibonacciAir.ComputeResult(16));
        return StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(16), ProofOptions.InsecureFastForTestsOnly(4, 4));
    }

    [Fact]
    public void ProofSurvivesRoundTrip()
    {
        byte[] bytes = SmallProof(out FibonacciAir air);
        StarkProof decoded = StarkProof.FromBytes(bytes);
        Assert.Equal(bytes, decoded.ToBytes());
        StarkVerifier.Verify(air, decoded, 0);
    }

    [Fact]
    public void ProvingIsDeterministic()
    {
        Assert.Equal(SmallProof(out _), SmallProof(out _));
    }

    [Fact]
    public void ProofStartsWithMagicAndVersion()
    {
        byte[] bytes = SmallProof(out _);
        Assert.Equal("LSTK"u8.ToArray(), bytes[..4]);
        Assert.Equal(ProofCodec.Version, bytes[4]);
        bytes[4] = 99;
        Assert.Equal(ProofRejection.UnsupportedVersion, Assert.Throws<InvalidProofException>(() => ProofCodec.Decode(bytes)).Reason);
    }

    [Fact]
    public void A_version_1_proof_is_refused_as_an_unsupported_version()
    {
        // Version 1 drew one coefficient per constraint and assertion; its proofs cannot be checked by version 2's rules.
        byte[] bytes = SmallProof(out _);
        bytes[4] = 1;
        Assert.Equal(2, ProofCodec.Version);
        Assert.Equal(ProofRejection.UnsupportedVersion, Assert.Throws<InvalidProofException>(() => ProofCodec.Decode(bytes)).Reason);
    }

    [Fact]
    public void RandomBytesGiveTypedErrors()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            ProofFuzzTarget.Run(bytes);
            // Also with a valid header so that parsing gets further.
            byte[] withHeader = [.. "LSTK"u8.ToArray(), ProofCodec.Version, 2, 4, 0, 2, 2, 1, .. bytes];
            ProofFuzzTarget.Run(withHeader);
        }, iter: 3_000);
    }

    [Fact]
    public void RandomMutationsOfAValidProofGiveTypedErrors()
    {
        byte[] proof = SmallProof(out _);
        Gen.Select(Gen.Int[0, proof.Length - 1], Gen.Byte, Gen.Int[0, 3]).Sample(t =>
        {
            var (pos, value, mode) = t;
            byte[] copy = mode switch
            {
                0 => [.. proof[..pos], value, .. proof[pos..]],
                1 => [.. proof[..pos], .. proof[(pos + 1)..]],
                _ => (byte[])proof.Clone(),
            };
            if (mode >= 2)
            {
                copy[pos] = value;
            }
            ProofFuzzTarget.Run(copy);
        }, iter: 2_000);
    }
}
