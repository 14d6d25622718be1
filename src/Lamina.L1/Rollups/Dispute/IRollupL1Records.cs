using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What L1 recorded that a game's steps read: the deposit queue (a deposit credits only what L1 locked) and the blob
/// base fee of each L1 block (an L2 block's fees follow its L1 origin's). L1 reads its own state
/// (<see cref="StateRollupRecords"/>); a challenger reads the same records over RPC, so both rebuild a game alike.
/// </summary>
public interface IRollupL1Records : IL1DepositQueue
{
    /// <summary>The blob base fee per byte of L1 block <paramref name="l1Height"/>, or null when L1 has no record of it.</summary>
    ulong? BlobBaseFeeAt(ulong l1Height);
}
