namespace Lamina.L2.Zk.Batch;

/// <summary>Why the batch executor refused a transaction.</summary>
public enum ZkTxError
{
    UnknownAccount,
    SlotOccupied,
    SelfTransfer,
    BadSignature,
    WrongNonce,
    NonceExhausted,
    ZeroAmount,
    InsufficientBalance,
    BalanceOverflow,
    WrongPrioritySerial,
    AmountAboveLimit,
}
