namespace Lamina.Consensus;

/// <summary>A commit failed verification; the message says which check (height, block, signer, signature, quorum).</summary>
public sealed class InvalidCommitException(string message) : Exception(message);
