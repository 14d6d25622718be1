using Lamina.Stark.Examples;
using Lamina.Stark.Field;
using Lamina.Stark.Proofs;
using Lamina.Stark.Verifier;

namespace Lamina.Stark.Fuzzing;

/// <summary>
/// A SharpFuzz-compatible entry point: feed it arbitrary bytes (e.g. from <c>Fuzzer.Run(stream =&gt; ...)</c>).
/// The decoder and verifier may reject, but only with <see cref="InvalidProofException"/>; any other
/// exception escaping is a bug, which is what the fuzzer looks for. The fuzz project's <c>stark-verify</c> target and the
/// Stark tests both run it; it lives here, outside the production assembly.
/// </summary>
public static class ProofFuzzTarget
{
    private static readonly FibonacciAir Air = new(16, Felt.FromU64(1597));

    public static void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            StarkProof proof = ProofCodec.Decode(input);
            // Round trip must be exact for anything that decodes: the encoding is canonical.
            if (!proof.ToBytes().AsSpan().SequenceEqual(input))
            {
                throw new InvalidOperationException("proof encoding is not canonical");
            }
            StarkVerifier.Verify(Air, proof, minimumSecurityBits: 0);
        }
        catch (InvalidProofException)
        {
            // Expected for almost every input.
        }
    }
}
