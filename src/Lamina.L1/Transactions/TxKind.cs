namespace Lamina.L1.Transactions;

/// <summary>
/// The kind byte of a transaction: part of the signed encoding, so a number once used keeps its meaning forever.
/// These are the kinds of L1's own modules (bank, staking, blobs). A module from another layer takes a number not listed
/// here (<c>(TxKind)n</c>) and declares it through its <see cref="Modules.TxKindFormat"/>; the registry refuses clashes.
/// </summary>
public enum TxKind : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,
    Unjail = 4,
    WithdrawUnbonded = 5,

    /// <summary>A data-availability blob (<see cref="Blobs.BlobModule"/>).</summary>
    Blob = 6,
}
