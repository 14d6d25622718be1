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
/// Version 2 (composition coefficients as powers of three challenges) changed every proof; these are its bytes.
/// </summary>
public class ProofGoldenVectorTests
{
    private static readonly RpoDigest Seed = new(1u, 2u, 3u, 4u);

    private static void AssertGolden(byte[] proof, int length, string sha256)
    {
        string expected = $"{length} bytes, sha256 {sha256}";
        string actual = $"{proof.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(proof))}";
        Assert.True(expected == actual, $"expected {expected}, got {actual}");
        Assert.Equal(proof, ProofCodec.Encode(ProofCodec.Decode(proof)));
    }

    [Fact]
    public void Fibonacci_sha256_proof_bytes_are_pinned()
    {
        var air = new FibonacciAir(16, FibonacciAir.ComputeResult(16));
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(16), ProofOptions.InsecureFastForTestsOnly(4, 4));
        AssertGolden(proof, 2110, "9f044c155b9c5018908bdffdbc302c3f2cc0e9ac8293d1932fb38dfa776a3c67");
    }

    [Fact]
    public void Fibonacci_blake3_proof_bytes_are_pinned()
    {
        var air = new FibonacciAir(64, FibonacciAir.ComputeResult(64));
        var options = ProofOptions.InsecureFastForTestsOnly(8, 2) with { Hash = HashAlgorithmId.Blake3, GrindingBits = 4 };
        byte[] proof = StarkProver.ProveToBytes(air, FibonacciAir.BuildTrace(64), options);
        AssertGolden(proof, 5258, "894f4689c11186ff133efab975195b559d6800a2d17a812e2e6d482529b1ec34");
    }

    [Fact]
    public void Rpo_hash_chain_proof_bytes_are_pinned()
    {
        var trace = RpoHashChainAir.BuildTrace(Seed, 16, out RpoDigest result);
        byte[] proof = StarkProver.ProveToBytes(new RpoHashChainAir(Seed, 16, result), trace, ProofOptions.Default);
        AssertGolden(proof, 23158, "a2463a2b83a6423bb90a108be421fb1694c5b40adfa63514ba6a58a8d3034942");
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
        AssertGolden(proof, 5434, "83f9e8eb4df1476afd3dc9ee532e2b4b0cee3fc0f582aa78b1e6cb6f2d87a165");
    }
}
