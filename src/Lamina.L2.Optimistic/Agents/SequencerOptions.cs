using Lamina.Core;
using Lamina.L2.Optimistic.Sequencing;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// How the sequencer runs: block and batch cadence, the blob size, and the fault modes of issue 13 for tests and
/// demos (<c>--fault withhold-batch</c>: build blocks but never post them; <c>--fault censor ADDR</c>: refuse the
/// address's transactions and take forced ones only when derivation would force them).
/// </summary>
public sealed record SequencerOptions(
    int BlockIntervalMs = 100,
    int BatchIntervalMs = 1_000,
    int MaxBlobBytes = 130_048,
    bool WithholdBatches = false,
    Address? Censored = null,
    AdmissionOptions? Admission = null);

/// <summary>The sequencer refused a transaction for a reason of its own (not the state machine's).</summary>
public sealed class SequencerRejectedException(string reason) : Exception(reason);
