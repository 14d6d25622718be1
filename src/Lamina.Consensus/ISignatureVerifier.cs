using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// Signature checking as a seam: nodes use <see cref="Ed25519Verifier"/>; a simulation of a hundred validators
/// delivers each vote to every node and memoises the answer instead of re-verifying it a hundred times.
/// </summary>
public interface ISignatureVerifier
{
    bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature);
}

/// <summary>Plain Ed25519 verification through libsodium.</summary>
public sealed class Ed25519Verifier : ISignatureVerifier
{
    public static readonly Ed25519Verifier Instance = new();
    private Ed25519Verifier() { }
    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature) => Ed25519.Verify(key, message, signature);
}
