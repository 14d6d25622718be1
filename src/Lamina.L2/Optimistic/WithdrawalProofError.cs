namespace Lamina.L2.Optimistic;

/// <summary>Why a withdrawal proof was refused.</summary>
public enum WithdrawalProofError
{
    /// <summary>The output the proof opens does not hash to the output root it is checked against.</summary>
    OutputRootMismatch,

    /// <summary>The Merkle proof does not show the receipt in the output's state root.</summary>
    ReceiptNotInState,
}
