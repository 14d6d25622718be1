namespace Lamina.L2.Optimistic.Derivation;

/// <summary>A channel entry for a block beyond the next one, kept with the L1 height its channel completed at and its frames.</summary>
internal sealed record RetainedEntry(ulong Height, IReadOnlyList<ChannelSourceFrame> Frames, OptimisticBatchBlock Block);
