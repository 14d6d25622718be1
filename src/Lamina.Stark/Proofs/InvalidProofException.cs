namespace Lamina.Stark.Proofs;

/// <summary>Thrown by the verifier and the proof decoder for any proof that must not be accepted.</summary>
public sealed class InvalidProofException : Exception
{
    public ProofRejection Reason { get; }

    public InvalidProofException(ProofRejection reason, string message)
        : base($"{reason}: {message}") => Reason = reason;
}
