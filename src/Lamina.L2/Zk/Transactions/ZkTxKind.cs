namespace Lamina.L2.Zk.Transactions;

/// <summary>The five ZK-rollup operations; the value is the kind byte of both the signed form and the pubdata.</summary>
public enum ZkTxKind : byte
{
    /// <summary>Between two existing accounts, signed by the sender.</summary>
    Transfer = 1,

    /// <summary>To an empty slot, registering the recipient's key; signed by the sender.</summary>
    TransferToNew = 2,

    /// <summary>L1 priority operation: funds locked on L1 credited to an account (created if the slot is empty).</summary>
    Deposit = 3,

    /// <summary>To an L1 address, signed by the account.</summary>
    Withdrawal = 4,

    /// <summary>L1 priority operation: the account's whole balance to an L1 address, signed by the account, uncensorable.</summary>
    ForcedExit = 5,
}
