using Lamina.Consensus;
using Lamina.Core;

namespace Lamina.Simulation.Tests;

/// <summary>
/// The toy application's block: id = H(height, round, proposer, nonce, evidence). The simulation keeps every built
/// block in a registry that stands in for block propagation (a real node fetches the block body from peers).
/// </summary>
internal sealed record ValueInfo(Hash256 Id, ulong Height, int Proposer, bool Valid, IReadOnlyList<DuplicateVoteEvidence> Evidence);
