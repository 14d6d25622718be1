namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// The narrow view of L1 that derivation reads, and nothing else: the finalized height, one block's rollup data at a
/// time, and the newest finalized output root. Implemented over Lamina.Client for the node roles, and in memory for
/// tests and simulation.
/// </summary>
public interface IRollupL1Source
{
    Task<ulong> FinalizedHeightAsync(CancellationToken cancellationToken);

    /// <summary>The rollup's data in the finalized L1 block at <paramref name="height"/>.</summary>
    Task<L1BlockData> GetBlockAsync(ulong height, CancellationToken cancellationToken);

    Task<FinalizedOutput?> LatestFinalizedOutputAsync(CancellationToken cancellationToken);
}
