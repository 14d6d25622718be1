namespace Lamina.L2.Optimistic;

/// <summary>
/// One L2 block as a channel carries it: its number, time (ms), L1 origin, how many forced-inclusion transactions the
/// sequencer consumed in it, and its sequenced transactions. Deposits are not posted: derivation reads them from L1.
/// </summary>
public sealed record OptimisticBatchBlock(ulong Number, ulong TimestampMs, ulong L1Origin, ulong ForcedCount, IReadOnlyList<OptimisticBatchItem> Transactions);
