namespace Lamina.L1.ZkRollups;

/// <summary>
/// Why the ZK rollups module refused a transaction (<see cref="ZkRollupRejectedException"/>: the transaction stays
/// out of the block), or why it rejected a batch it included (<see cref="ZkRejectionRecord"/>: the batch was
/// included as failed, its fee charged, the rollup root unmoved). The batch reasons start at 100.
/// </summary>
public enum ZkRollupError
{
    /// <summary>No ZK rollup is registered under the id.</summary>
    UnknownRollup = 1,
    /// <summary>A ZK rollup, or an optimistic rollup (they share DA namespaces), already has that id.</summary>
    RollupExists = 2,
    /// <summary>The registration's parameters are out of range (exodus delay, genesis root; an unknown AIR version is <see cref="UnsupportedAirVersion"/>).</summary>
    InvalidConfig = 3,
    /// <summary>The chain holds <see cref="ZkRollupLimits.MaxRollups"/> ZK rollups already.</summary>
    TooManyRollups = 4,
    /// <summary>The rollup is frozen (exodus mode): no deposit, forced exit or batch is taken any more.</summary>
    Frozen = 5,
    /// <summary>The priority queue holds <see cref="ZkRollupLimits.MaxPendingPriorityOps"/> unprocessed requests.</summary>
    QueueFull = 6,
    /// <summary>A batch number that is not the rollup's next one.</summary>
    BatchOutOfOrder = 7,
    /// <summary>The batch claims to consume more priority requests than are pending.</summary>
    TooManyPriorityOps = 8,
    /// <summary>The block already holds a failed batch; a second one waits for a later block (docs/zk-rollup.md).</summary>
    FailedBatchQuota = 9,
    /// <summary>The rollup is not frozen, so exodus claims and deposit refunds are not open.</summary>
    NotFrozen = 10,
    /// <summary>The account already took its exodus withdrawal.</summary>
    AlreadyExited = 11,
    /// <summary>The Merkle proof does not open the last proven account root at that index.</summary>
    InvalidAccountProof = 12,
    /// <summary>The exodus claim is not signed by the account's key, or the account has no key.</summary>
    BadExitSignature = 13,
    /// <summary>The account holds nothing to withdraw.</summary>
    NothingToWithdraw = 14,
    /// <summary>No priority request with that serial, or it is not a deposit.</summary>
    UnknownDeposit = 15,
    /// <summary>The deposit was processed by a proven batch (it is in the rollup's state) or already refunded.</summary>
    DepositNotRefundable = 16,
    /// <summary>A payout would take more than the rollup's escrow holds.</summary>
    EscrowInsufficient = 17,

    /// <summary>A proposal carries the batch without its pubdata blob's bytes (they must be held to verify it).</summary>
    PubdataUnavailable = 18,
    /// <summary>A refund serial that is not a consumed deposit of this batch, or payouts beyond the escrow.</summary>
    InvalidEffects = 19,
    /// <summary>
    /// Mempool admission only: another batch of the sender failed verification on this node and is not included yet
    /// (<see cref="ZkAdmissionThrottle"/>); no further batch of theirs is verified until it is, or for a cooldown.
    /// </summary>
    FailingBatchPending = 20,
    /// <summary>
    /// Mempool admission only: this node holds <see cref="ZkAdmissionThrottle.DefaultMaxUnpaid"/> verifications no
    /// block has charged yet (its node-wide budget); the batch is not verified until one is charged or expires.
    /// </summary>
    VerificationBudgetExhausted = 21,
    /// <summary>A registration names an AIR version this L1 has no verifier for (<see cref="ZkAirVersions"/>).</summary>
    UnsupportedAirVersion = 22,
    /// <summary>A batch's proof is of another AIR version than the one its rollup registered.</summary>
    AirVersionMismatch = 23,

    /// <summary>A STARK of the batch proof does not verify (<c>InvalidProofException</c>'s reason in the message).</summary>
    ProofInvalid = 100,
    /// <summary>The blob's bytes (the pubdata) do not decode as pubdata.</summary>
    PubdataMalformed = 102,
    /// <summary>The pubdata breaks the priority-queue rule (<c>InvalidZkBatchException</c>'s reason in the message).</summary>
    PriorityQueueViolation = 103,
    /// <summary>The effects the submission declares (root, priority count, withdrawals, refunds) are not the pubdata's.</summary>
    EffectsMismatch = 104,
}
