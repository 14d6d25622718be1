namespace Lamina.L1.Transactions;

/// <summary>What a transaction does. The byte is part of the signed encoding; new kinds get new numbers.</summary>
public enum TxKind : byte
{
    Transfer = 1,
    Stake = 2,
    Unstake = 3,
    Unjail = 4,
    WithdrawUnbonded = 5,
}
