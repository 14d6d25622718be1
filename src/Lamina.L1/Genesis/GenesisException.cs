namespace Lamina.L1.Genesis;

/// <summary>The genesis file is unreadable or breaks a rule; the message names the field and what to fix.</summary>
public sealed class GenesisException(string message, Exception? inner = null) : Exception(message, inner);
