using Lamina.Core;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.L2.Optimistic.Agents;

/// <summary>
/// A derived chain's dispute history read under its <see cref="DerivationDriver"/>'s lock, for a party whose game loop
/// runs beside derivation instead of inside its loop (the sequencer's defence under a fault mode): every answer, and
/// every witness its executions build later from the state store, is read while derivation is not writing.
/// </summary>
public sealed class LockedDerivedHistory(IDerivedOutputHistory inner, DerivationDriver driver) : IDerivedOutputHistory
{
    public Hash256 OutputRoot(ulong block) => driver.Read(_ => inner.OutputRoot(block));

    public OptimisticOutput? Output(ulong block) => driver.Read(_ => inner.Output(block));

    public byte[]? Header(ulong block) => driver.Read(_ => inner.Header(block));

    public ExecutionPoint? Point(ulong block, ulong traceIndex) => driver.Read(_ => inner.Point(block, traceIndex));

    public ulong Origin(ulong block) => driver.Read(_ => inner.Origin(block));

    public ExecutionPoint Final(ulong block) => driver.Read(_ => inner.Final(block));

    public StepProof? ProofFrom(ulong block, ExecutionPoint pre) => driver.Read(_ => inner.ProofFrom(block, pre));

    public DerivedOpening? Derivation(ulong block) => driver.Read(_ => inner.Derivation(block));

    public DerivedExecution? Execution(ulong block) => driver.Read(_ => inner.Execution(block) is { } execution
        ? new DerivedExecution(execution.Candidates, execution.PreState, execution.Applied, execution.StatesAfter, i => driver.Read(_ => execution.WitnessAt(i)))
        : null);
}
