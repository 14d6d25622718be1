using Lamina.Core;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Derivation;

/// <summary>
/// Everything derivation reads from one finalized L1 block about this rollup: its time, the deposits and
/// forced-inclusion transactions L1 recorded in it (in queue order), the blobs posted to the rollup's DA namespace
/// (in block order), the output roots proposed in it, and its blob base fee per byte (what posting data cost in that
/// block: an L2 block with this origin charges its data fee at this price, so users pay for what the rollup posts).
/// </summary>
public sealed record L1BlockData(
    ulong Height,
    ulong TimestampMs,
    IReadOnlyList<L2Deposit> Deposits,
    IReadOnlyList<ForcedTransaction> Forced,
    IReadOnlyList<BatchBlob> Blobs,
    IReadOnlyList<OutputProposal> Outputs,
    ulong BlobBaseFee = 0)
{
    public static L1BlockData Empty(ulong height, ulong timestampMs) => new(height, timestampMs, [], [], [], []);
}

/// <summary>
/// A blob in the rollup's namespace: who posted it, and its bytes, or null when the DA layer cannot serve them
/// (withheld): derivation then waits rather than skip it, so it never builds a safe head beside a missing batch.
/// <see cref="Location"/> is where L1 recorded it (batch reference number, position in that batch), when the source
/// knows it: a challenger shows L1 the blobs of a block by that location in a game that derives lists on L1.
/// </summary>
public sealed record BatchBlob(Address Poster, byte[]? Data)
{
    public bool Available => Data is not null;

    public BatchBlobLocation? Location { get; init; }
}

/// <summary>A blob's place on L1: the number of the batch reference that carries it and its position in that batch.</summary>
public readonly record struct BatchBlobLocation(ulong Batch, uint Position);

/// <summary>An output root a proposer posted on L1 for an L2 block.</summary>
public readonly record struct OutputProposal(ulong L2BlockNumber, Hash256 OutputRoot);

/// <summary>The newest output root that passed its challenge window on L1.</summary>
public readonly record struct FinalizedOutput(ulong L2BlockNumber, Hash256 OutputRoot);
