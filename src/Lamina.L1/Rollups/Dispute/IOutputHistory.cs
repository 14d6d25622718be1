using Lamina.Core;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What one party holds to be the rollup's history, as <see cref="DisputeSolver"/> reads it: per L2 block its output
/// root (with the preimage and header when it has them) and the execution of the block from its parent's state.
/// A challenger implements it over its own derivation; tests implement honest and lying versions.
/// </summary>
public interface IOutputHistory
{
    Hash256 OutputRoot(ulong block);

    /// <summary>The output's preimage, or null when this party's root has none.</summary>
    OptimisticOutput? Output(ulong block);

    /// <summary>The block's L2 header encoding, or null when this party has none.</summary>
    byte[]? Header(ulong block);

    /// <summary>This party's point at an execution trace index of <paramref name="block"/> (null: it cannot say).</summary>
    ExecutionPoint? Point(ulong block, ulong traceIndex);

    /// <summary>The block's L1 origin for this party (its header's), whose blob base fee its fees follow.</summary>
    ulong Origin(ulong block);

    /// <summary>Where executing the block's list ends for this party.</summary>
    ExecutionPoint Final(ulong block);

    /// <summary>A step proof from <paramref name="pre"/> in the block's execution (null: this party cannot build one).</summary>
    StepProof? ProofFrom(ulong block, ExecutionPoint pre);
}
