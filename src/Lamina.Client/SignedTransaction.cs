using Lamina.Core;

namespace Lamina.Client;

/// <summary>A transaction signed for one nonce, as the node receives it: its hash and its encoded bytes.</summary>
public readonly record struct SignedTransaction(Hash256 Hash, ReadOnlyMemory<byte> Encoded);
