using Lamina.L1.Blobs;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What the bond schedule guarantees against L1 fees: the rule that a lie costs its maker at least what it
/// costs the honest side to refute it, fees included.
/// </summary>
/// <remarks>
/// Refuting one wrong claim takes the honest side one move that counters it (the create against a wrong root, an
/// attack or defence, a clamp, a descent or a step), at most one reveal of its own block-level claim before a descent,
/// and its share of one resolve; the wrong claim's bond goes to whoever countered it, and every bond is at least the
/// root's (bonds grow ×1.09493 per level). So at any gas price up to <see cref="BreakEvenGasPrice"/> each lie loses
/// at least what its refutation cost. The gas figures are the payloads' own intrinsic gas; a derived descent
/// (<see cref="OutputGameConfig.DerivedLists"/>) is charged for the blob bytes it carries and the channel it decodes,
/// so its worst case is three full blobs and a channel at the 4 MiB decompression cap.
/// </remarks>
public static class DisputeEconomics
{
    /// <summary>The costliest single move that counters a claim.</summary>
    public static ulong MaxCounterGas(OutputGameConfig config) => config.DerivedLists
        ? MaxDerivedDescentGas
        : Math.Max(DisputeCreatePayload.Gas, DisputeMovePayload.StepGas);

    /// <summary>A derived descent at its limits: three full blobs carried, a channel decoded to the cap.</summary>
    public static ulong MaxDerivedDescentGas => checked(DisputeMovePayload.StepGas
        + DisputeMovePayload.DeriveGasPerByte * DerivedOpening.MaxFrames * (ulong)BlobParameters.MaxBlobBytes
        + DisputeMovePayload.DeriveGasPerDecodedByte * (ulong)OptimisticBatchFrame.MaxPayloadSize);

    /// <summary>The most gas the honest side spends refuting one wrong claim: the counter, a reveal, and a resolve.</summary>
    public static ulong MaxRefutationGas(OutputGameConfig config)
        => checked(MaxCounterGas(config) + DisputeMovePayload.Gas + DisputeResolvePayload.Gas);

    /// <summary>
    /// The highest gas price (in base units per gas) at which every lie costs at least its refutation: the smallest bond
    /// over the largest refutation.
    /// </summary>
    public static UInt128 BreakEvenGasPrice(OutputGameConfig config) => config.Execution.BaseBond / MaxRefutationGas(config);
}
