namespace Lamina.Consensus;

/// <summary>The signer refused because signing could equivocate; the message names the last signed position.</summary>
public sealed class DoubleSignException(string message) : Exception(message);
