namespace Lamina.Core.Merkle;

/// <summary>A Merkle proof did not prove what it was asked to; the message says which check failed.</summary>
public sealed class InvalidMerkleProofException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
