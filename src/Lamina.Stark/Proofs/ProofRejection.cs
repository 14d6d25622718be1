namespace Lamina.Stark.Proofs;

/// <summary>Why a proof was rejected. Every verifier failure maps to exactly one of these.</summary>
public enum ProofRejection
{
    /// <summary>The bytes do not parse as a canonical proof (truncated, trailing bytes, bad lengths, non-canonical field elements).</summary>
    Malformed = 1,

    /// <summary>Unknown magic or format version.</summary>
    UnsupportedVersion = 2,

    /// <summary>The options are invalid, or their conjectured security is below the verifier's minimum.</summary>
    InsufficientSecurity = 3,

    /// <summary>The proof's shape (widths, counts, layer numbers) does not match what the AIR and options imply.</summary>
    ShapeMismatch = 4,

    /// <summary>The constraint evaluations at the out-of-domain point do not match the composition polynomial.</summary>
    OodConstraintMismatch = 5,

    /// <summary>The grinding nonce does not satisfy the proof-of-work condition.</summary>
    ProofOfWorkInvalid = 6,

    /// <summary>A trace-row opening does not match the trace commitment.</summary>
    TraceCommitmentMismatch = 7,

    /// <summary>A composition-row opening does not match the composition commitment.</summary>
    CompositionCommitmentMismatch = 8,

    /// <summary>An FRI layer opening does not match its commitment.</summary>
    FriCommitmentMismatch = 9,

    /// <summary>The DEEP composition value recomputed from openings differs from FRI's first layer.</summary>
    DeepCompositionMismatch = 10,

    /// <summary>An FRI folding step is inconsistent with the next layer.</summary>
    FriFoldingMismatch = 11,

    /// <summary>The FRI remainder polynomial disagrees with the last folded values.</summary>
    FriRemainderMismatch = 12,

    /// <summary>The AIR itself is malformed (e.g. declared shape is invalid), so nothing can be verified.</summary>
    InvalidAir = 13,
}
