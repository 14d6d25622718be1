namespace Lamina.L1.Execution;

/// <summary>The two ways a block runs through the pipeline.</summary>
public enum ExecutionMode
{
    /// <summary>The proposer: candidate transactions that cannot apply are left out, and the header is written from the result.</summary>
    Build,

    /// <summary>Everyone else and block sync: every transaction must apply, and the header must match the result.</summary>
    Verify,
}
