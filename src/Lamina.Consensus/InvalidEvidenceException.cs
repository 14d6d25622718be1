namespace Lamina.Consensus;

/// <summary>Evidence failed verification; the message says why (unknown validator, bad signature).</summary>
public sealed class InvalidEvidenceException(string message) : Exception(message);
