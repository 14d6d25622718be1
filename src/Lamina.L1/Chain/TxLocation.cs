using Lamina.Core;

namespace Lamina.L1.Chain;

/// <summary>Where an included transaction sits.</summary>
public readonly record struct TxLocation(ulong Height, uint Index, Hash256 BlockHash);
