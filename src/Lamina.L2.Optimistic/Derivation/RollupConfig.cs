using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// What every node of one optimistic rollup agrees on before the first block: ids, the sequencer (who is paid fees and
/// whose blobs are batches), the genesis, and the windows. Windows are in L1 blocks (OP Stack: a sequencing window of
/// 3,600 L1 blocks; Arbitrum: forced inclusion after 24 h), the drift in milliseconds (OP's maxSequencerDrift, 600 s).
/// With a <see cref="DelayBuffer"/>, the forced-inclusion window in force shrinks when the sequencer delays forced
/// transactions (Arbitrum BoLD's delay buffer; each header carries its deficit, <see cref="L1Inbox.ForcedWindowAfter"/>); without one it is fixed.
/// </summary>
public sealed record RollupConfig(
    ulong ChainId,
    ulong RollupId,
    Address Sequencer,
    Address Batcher,
    ulong GenesisL1Height,
    ulong SequencingWindow,
    ulong ForcedInclusionWindow,
    ulong MaxSequencerDriftMs,
    ulong ChannelTimeout,
    OptimisticFeeSchedule Fees = default,
    DelayBufferConfig? DelayBuffer = null)
{
    public static readonly Hash256 GenesisStateRoot = SparseMerkleTree.EmptyRoot;

    /// <summary>
    /// Block 0 is the same for every rollup (origin 0, time 0, empty state), so its output root is a constant that can
    /// be registered on L1 before the registration's own height is known; derivation starts reading L1 at
    /// <see cref="GenesisL1Height"/>, and block 1 takes an origin from there on.
    /// </summary>
    public static readonly L2BlockHeader GenesisHeader = L2BlockHeader.Genesis(0, 0, GenesisStateRoot);

    public static Hash256 GenesisOutputRoot => GenesisHeader.Output.Root;

    public OptimisticStateMachine NewMachine(ISmtNodeStore store) => new(store, ChainId, RollupId, Sequencer, Fees);

    /// <summary>
    /// The fee schedule of an L2 block whose L1 origin charged <paramref name="blobBaseFee"/> per blob byte: <see cref="Fees"/>
    /// gives the execution fee, the bytes counted per transaction and the floor; the price per byte is always the origin's
    /// (the configured <see cref="OptimisticFeeSchedule.BlobBaseFeePerByte"/> is not used), so every node computes the same.
    /// </summary>
    public OptimisticFeeSchedule FeesAt(ulong blobBaseFee) => Fees with { BlobBaseFeePerByte = blobBaseFee };
}
