using Lamina.Core;

namespace Lamina.Client;

/// <summary>A transaction the node accepted: its hash, the nonce it went out with, and how many nonces were tried.</summary>
public sealed record SentTransaction(Hash256 Hash, ulong Nonce, int Attempts);
