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

    /// <summary>The signer's key, or a key being registered, is ±G: the signature AIR cannot prove any signature under it.</summary>
    UnprovableKey,

    /// <summary>The signature verifies natively but its computation meets an exceptional addition or ends at the AIR's
    /// offset (<see cref="Air.SchnorrUnprovable"/>), so no batch holding it could be proven.</summary>
    UnprovableSignature,
}
