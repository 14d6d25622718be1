using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>Derivation's heads as of its last round: what a role shows without waiting for a round in progress.</summary>
internal sealed record DerivedHeads(L2BlockHeader Safe, L2BlockHeader Finalized, OutputMismatch[] Mismatches, ulong L1Height, ulong ForcedWindow)
{
    public static readonly DerivedHeads Genesis = new(RollupConfig.GenesisHeader, RollupConfig.GenesisHeader, [], 0, 0);

    public static DerivedHeads Of(DerivationPipeline pipeline) =>
        new(pipeline.Safe, pipeline.Finalized, [.. pipeline.Mismatches], pipeline.NextL1Height - 1, pipeline.ForcedWindow);
}
