namespace Lamina.Stark.Proofs;

/// <summary>Why the prover refused to produce a proof.</summary>
public enum ProverFailure
{
    /// <summary>Trace dimensions differ from the AIR's.</summary>
    TraceShapeMismatch = 1,

    /// <summary>
    /// The composition polynomial exceeds its degree bound: the trace violates a constraint, or a constraint's
    /// declared degree is too low.
    /// </summary>
    ConstraintDegreeExceeded = 2,

    /// <summary>A boundary assertion does not hold on the trace.</summary>
    AssertionFailed = 3,

    /// <summary>The options cannot prove this AIR (e.g. blowup too small for the constraint degree).</summary>
    UnsupportedOptions = 4,

    /// <summary>The FRI remainder exceeds its degree bound (internal error).</summary>
    FriDegreeExceeded = 5,
}
