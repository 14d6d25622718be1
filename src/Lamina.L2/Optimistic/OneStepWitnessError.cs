namespace Lamina.L2.Optimistic;

/// <summary>Why a one-step witness was refused. None of these is a verdict on the transaction itself.</summary>
public enum OneStepWitnessError
{
    /// <summary>The rules made an access the witness has no entry for.</summary>
    MissingAccess,

    /// <summary>The witness has entries the rules never used (only one encoding of a step's witness is accepted).</summary>
    UnusedAccess,

    /// <summary>The entry proves a different key than the one the rules accessed (or claims absent a key that is present).</summary>
    KeyMismatch,

    /// <summary>The entry's value is not the one its proof commits to.</summary>
    ValueMismatch,

    /// <summary>The entry's proof does not lead to the state root at that access: stale, forged, or for another state.</summary>
    RootMismatch,

    /// <summary>A proven account leaf does not decode as an account.</summary>
    MalformedLeaf,
}
