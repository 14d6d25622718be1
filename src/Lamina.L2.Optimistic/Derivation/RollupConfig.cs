using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// What every node of one optimistic rollup agrees on before the first block: ids, the sequencer (who is paid fees and
/// whose blobs are batches), the genesis, and the windows. Windows are in L1 blocks (OP Stack: a sequencing window of
/// 3,600 L1 blocks; Arbitrum: forced inclusion after 24 h), the drift in milliseconds (OP's maxSequencerDrift, 600 s).
/// </summary>
public sealed record RollupConfig(
    ulong ChainId,
    ulong RollupId,
    Address Sequencer,
    Address Batcher,
    ulong GenesisL1Height,
    ulong GenesisTimestampMs,
    ulong SequencingWindow,
    ulong ForcedInclusionWindow,
    ulong MaxSequencerDriftMs,
    ulong ChannelTimeout,
    OptimisticFeeSchedule Fees = default)
{
    public static readonly Hash256 GenesisStateRoot = SparseMerkleTree.EmptyRoot;

    public L2BlockHeader GenesisHeader => L2BlockHeader.Genesis(GenesisL1Height, GenesisTimestampMs, GenesisStateRoot);

    public OptimisticStateMachine NewMachine(ISmtNodeStore store) => new(store, ChainId, RollupId, Sequencer, Fees);
}
