namespace Lamina.Stark.Commitments;

/// <summary>The hash behind Merkle commitments, Fiat–Shamir and grinding. The byte value is part of the proof format.</summary>
public enum HashAlgorithmId : byte
{
    /// <summary>SHA-256 (hardware-accelerated on x64 and ARM64).</summary>
    Sha256 = 1,

    /// <summary>BLAKE3 with 32-byte output (BouncyCastle's managed implementation).</summary>
    Blake3 = 2,
}
