namespace Lamina.Stark.Proofs;

/// <summary>
/// A proof must not be accepted; <see cref="Reason"/> says which check failed. Thrown by the verifier and by the proof
/// decoder, which wraps the underlying <see cref="Lamina.Core.Codec.CodecException"/> as the inner exception.
/// </summary>
public sealed class InvalidProofException(ProofRejection reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ProofRejection Reason { get; } = reason;
}
