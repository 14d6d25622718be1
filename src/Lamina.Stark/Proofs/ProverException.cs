namespace Lamina.Stark.Proofs;

/// <summary>The prover refused to produce a proof; <see cref="Failure"/> says why.</summary>
public sealed class ProverException(ProverFailure failure, string message) : Exception(message)
{
    public ProverFailure Failure { get; } = failure;
}
