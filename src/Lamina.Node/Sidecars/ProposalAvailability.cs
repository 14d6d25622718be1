using Lamina.L1.Blobs;
using Lamina.L1.Blocks;
using Lamina.Node.DataAvailability;

namespace Lamina.Node.Sidecars;

/// <summary>Whether a proposal's data is here to be checked, and if not, why.</summary>
public enum Availability
{
    /// <summary>The block carries no blob: nothing to hold.</summary>
    NoBlobs,
    /// <summary>Every blob's sidecar is held and matches its commitment; the data root is checked with the block.</summary>
    Held,
    /// <summary>Some sidecar is not held: the block may not be prevoted yet.</summary>
    Missing,
    /// <summary>A verified bad-encoding proof names this block: it is refused for good.</summary>
    BadlyEncoded,
}

/// <summary>The verdict on one block, with how many sidecars are missing.</summary>
public readonly record struct AvailabilityCheck(Availability Verdict, int Missing);

/// <summary>
/// The validator's availability rule, applied before a proposal carrying blobs goes to the state machine: it is
/// prevoted only once every sidecar is held (attached from the <see cref="BlobSidecarCache"/> after matching its
/// commitment), and then only if the block's data root matches the square those sidecars make (the block pipeline's
/// check, <see cref="BlockError.BadDataRoot"/>); never if a verified bad-encoding proof names it. Until the data is
/// here the proposal is held back, so the propose timeout makes the validator prevote nil.
/// </summary>
public sealed class ProposalAvailability(BlobSidecarCache cache, BadEncodingVerdicts? fraud = null)
{
    public BadEncodingVerdicts? Fraud => fraud;

    public AvailabilityCheck Check(Block block)
    {
        if (BlobSidecars.BlobCount(block) == 0) return new(Availability.NoBlobs, 0);
        if (fraud is not null && fraud.IsRejected(block.Height, block.Hash)) return new(Availability.BadlyEncoded, 0);
        var missing = cache.Hydrate(block);
        return new(missing == 0 ? Availability.Held : Availability.Missing, missing);
    }
}
