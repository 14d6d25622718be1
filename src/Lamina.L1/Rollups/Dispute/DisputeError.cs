namespace Lamina.L1.Rollups.Dispute;

/// <summary>Why the dispute game refused a move (carried by <see cref="InvalidDisputeMoveException"/>).</summary>
public enum DisputeError
{
    /// <summary>No claim with that index in the game.</summary>
    UnknownClaim,
    /// <summary>Attack or defend below the maximum depth, or a step above it.</summary>
    WrongDepth,
    /// <summary>The side that would make this move has used up its clock on this path.</summary>
    ClockExpired,
    /// <summary>The same claim (parent, position, commitment) was already made.</summary>
    DuplicateClaim,
    /// <summary>Defending the root claim, or a position past the end of the trace.</summary>
    InvalidPosition,
    /// <summary>The bond offered is not the bond for the claim's depth.</summary>
    BondMismatch,
    /// <summary>The opened pre-state does not hash to the agreed pre-state commitment.</summary>
    PreStateMismatch,
    /// <summary>The transaction is not the one at the pre-state's cursor in its transaction list.</summary>
    TransactionNotInList,
    /// <summary>The one-step witness does not prove the state the transaction reads.</summary>
    InvalidWitness,
    /// <summary>The step agrees with the claim: it does not counter it.</summary>
    StepDoesNotCounter,
    /// <summary>The claim was already countered by a step.</summary>
    AlreadyStepped,
    /// <summary>Resolution before every claim's clock has run out.</summary>
    NotResolvable,
    /// <summary>The game is already resolved.</summary>
    GameOver,
    /// <summary>A move timestamp before the previous one (L1 time never goes back).</summary>
    TimeRegressed,
    /// <summary>A descent that supports the claimed successor before anyone opened that claim's header.</summary>
    NotRevealed,
    /// <summary>The claim's header was already opened.</summary>
    AlreadyRevealed,
    /// <summary>The header or output opened does not hash to the claim's output root (or is for another L2 block).</summary>
    OpeningMismatch,
    /// <summary>A descent whose final point the opened header already refutes.</summary>
    ContradictsOpening,
    /// <summary>The blocks between the agreed and the disputed output do not fit the game's block levels.</summary>
    RangeTooLong,
    /// <summary>The output is not open to a dispute: not proposed, already disputed, or its window has ended.</summary>
    NotDisputable,
    /// <summary>No game against that output.</summary>
    NoGame,
    /// <summary>The game holds the most moves L1 keeps for one game.</summary>
    TooManyMoves,

    /// <summary>A descent names an L1 origin block L1 has no blob fee record of, so the block's fees cannot be known.</summary>
    UnknownOrigin,

    /// <summary>A game that derives block lists on L1 refuses a descent onto a list the mover chose (kinds 4 and 5).</summary>
    ListNotDerived,
    /// <summary>A derived descent names a batch L1 has no record of, or a blob position past the batch's blobs.</summary>
    UnknownBatch,
    /// <summary>Blob bytes supplied for a derivation do not hash to the commitment L1 recorded for that blob.</summary>
    BlobDataMismatch,
    /// <summary>The supplied frames do not make one channel that decompresses and decodes.</summary>
    MalformedChannel,
    /// <summary>The channel's frames were posted further apart than the channel timeout: derivation dropped it.</summary>
    ChannelTimedOut,
    /// <summary>The channel has no entry for the block being derived.</summary>
    BlockNotInChannel,
    /// <summary>The channel's entry for the block breaks a batch rule (number, origin, window, time): derivation refuses it.</summary>
    BatchRuleBroken,
    /// <summary>The parent header opened does not hash to the agreed output's block, or the mask does not cover the list.</summary>
    ParentMismatch,
    /// <summary>A derivation from a channel posted after one already shown for the same block: derivation takes the first.</summary>
    LaterSource,
    /// <summary>L1's stored result of a derived descent does not belong to the move it is stored for (a broken game record).</summary>
    StoredDerivationMismatch,
}
