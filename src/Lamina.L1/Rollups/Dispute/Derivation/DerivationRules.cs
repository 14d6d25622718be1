using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// The derivation parameters L1 applies when it builds a block's list in a game, exactly as the L2 node roles set them
/// from the registration (<c>ClientL2Roles</c>): derivation starts at max(1, registration height), the registered
/// sequencing window W splits in two (batches have W/2 to land; forced transactions are due W/2 after submission), and
/// the sequencer drift and channel timeout are the roles' defaults (600 s, 64 L1 blocks; they are not registered yet),
/// and the forced window shrinks with the roles' delay buffer (<see cref="DelayBuffer"/>).
/// </summary>
public readonly record struct DerivationRules(ulong GenesisL1Height, ulong SequencingWindow, ulong ForcedWindow, ulong MaxSequencerDriftMs, ulong ChannelTimeout)
{
    public const ulong DefaultMaxSequencerDriftMs = 600_000;
    public const ulong DefaultChannelTimeout = 64;

    /// <summary>The delay buffer the node roles run for this forced window (<see cref="DelayBufferConfig.ForWindow"/>).</summary>
    public DelayBufferConfig DelayBuffer => DelayBufferConfig.ForWindow(ForcedWindow);

    public static DerivationRules ForRollup(RollupConfig rollup, ulong registeredAtHeight)
    {
        var half = Math.Max(1, rollup.SequencingWindowBlocks / 2);
        return new DerivationRules(Math.Max(1, registeredAtHeight), half, half, DefaultMaxSequencerDriftMs, DefaultChannelTimeout);
    }
}
