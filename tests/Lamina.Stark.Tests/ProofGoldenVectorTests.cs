using System.Security.Cryptography;
using Lamina.Stark.Commitments;
using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;

namespace Lamina.Stark.Tests;

/// <summary>
/// Golden vectors for the proof wire format: proving is deterministic, so these proofs must keep exactly these bytes
/// (length and SHA-256). A change here is a change of the wire format and needs a new <see cref="ProofCodec.Version"/>.
/// The hashes were taken from the encoder before it moved onto Lamina.Core's codec.
/// </summary>
public class ProofGoldenVectorTests
{
    private static readonly RpoDigest Seed = new(1u, 2u, 3u, 4u);

    private static void AssertGolden(byte[] proof, int length, string sha256)
    {
        Assert.Equal($"{length} bytes, sha256 {sha256}", $"{proof.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(proof))}");
        Assert.Equal(proof, ProofCodec.Encode(ProofCodec.Decode(proof)));
    }

    [Fact]
    public void Fibonacci_sha256_proof_bytes_are_pinned()
    {
        var air = new FibonacciAir(16, FibonacciAir.ComputeResult(16));
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(16), ProofOptions.InsecureFastForTestsOnly(4, 4));
        AssertGolden(proof, 1662, "d6942a1381bedac456c54e8628da1b95140d8ba9f48f645413fbb6ea2ec5d667");
    }

    [Fact]
    public void Fibonacci_blake3_proof_bytes_are_pinned()
    {
        var air = new FibonacciAir(64, FibonacciAir.ComputeResult(64));
        var options = ProofOptions.InsecureFastForTestsOnly(8, 2) with { Hash = HashAlgorithmId.Blake3, GrindingBits = 4 };
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(64), options);
        AssertGolden(proof, 5354, "a890ed935c1d906da3fc430e5f449fe3991b18534b282c88ec7023a13ed47527");
    }

    [Fact]
    public void Rpo_hash_chain_proof_bytes_are_pinned()
    {
        var trace = RpoHashChainAir.BuildTrace(Seed, 16, out RpoDigest result);
        byte[] proof = StarkProver.ProveToBytes(new RpoHashChainAir(Seed, 16, result), trace, ProofOptions.Default);
        AssertGolden(proof, 24606, "e7a0be802cd2bc0d6cbab2c4422eb8a9e4a46a092a47c9e0bd9089965769d827");
    }

    [Fact]
    public void Rpo_merkle_path_proof_bytes_are_pinned()
    {
        RpoDigest leaf = Rpo256.HashElements([42u]);
        var siblings = new RpoDigest[5];
        for (int i = 0; i < siblings.Length; i++)
        {
            siblings[i] = Rpo256.HashElements([(Felt)(uint)(100 + i)]);
        }
        RpoDigest root = RpoMerklePathAir.ComputeRoot(leaf, 19, siblings);
        var air = new RpoMerklePathAir(leaf, 19, siblings.Length, root);
        byte[] proof = StarkProver.ProveToBytes(air, RpoMerklePathAir.BuildTrace(leaf, 19, siblings), ProofOptions.InsecureFastForTestsOnly(8, 8));
        AssertGolden(proof, 5562, "edd112d4d4e2d0ac4603219ac5356ce201cd7a9d6163ca0133c02a9e4f06f591");
    }
}
