namespace Lamina.L2.Zk.Operator;

/// <summary>Why the operator refused a transaction sent to it.</summary>
public enum ZkRejection
{
    /// <summary>The bytes are not a canonical ZK transaction.</summary>
    Malformed = 1,

    /// <summary>Deposits and forced exits are queued on L1, never sent to the operator.</summary>
    PriorityKind = 2,

    /// <summary>The executor's rules refused it against the pending state (<see cref="ZkTransactionRejectedException.Rule"/> says which).</summary>
    Rule = 3,

    /// <summary>The pending log is full; try again once a batch is built.</summary>
    Full = 4,

    /// <summary>The rollup is frozen in exodus mode on L1.</summary>
    Frozen = 5,
}
