namespace Lamina.L1.Transactions;

/// <summary>
/// The kind byte of a transaction: part of the signed encoding, so a number once used keeps its meaning forever.
/// These are the kinds of L1's own modules (bank, staking, blobs, rollups, ZK rollups). A module from another layer takes a number not listed
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

    /// <summary>Registers an optimistic rollup (<see cref="Rollups.RollupsModule"/>, docs/optimistic-rollup.md).</summary>
    RollupRegister = 16,

    /// <summary>Locks L1 funds in a rollup's escrow and queues a deposit for L2.</summary>
    RollupDeposit = 17,

    /// <summary>Queues a signed L2 transaction that derivation must include within the sequencing window.</summary>
    RollupForceInclude = 18,

    /// <summary>References a batch by the DA location and data root of its blobs.</summary>
    RollupBatch = 19,

    /// <summary>Posts a bonded output root.</summary>
    RollupOutput = 20,

    /// <summary>Pays out an L2 withdrawal proven against a finalized output root.</summary>
    RollupWithdraw = 21,

    /// <summary>Opens the dispute game against a proposed output (<see cref="Rollups.Dispute.DisputeLedger"/>).</summary>
    DisputeCreate = 22,

    /// <summary>One move of a dispute game: attack, defend, descend, clamp, reveal or step.</summary>
    DisputeMove = 23,

    /// <summary>Resolves a dispute game, pays its bonds and finalizes or replaces its output.</summary>
    DisputeResolve = 24,

    // 25 to 31 are kept for the dispute game.

    // 32 to 39: the ZK rollups module (ZkRollups.ZkRollupsModule, docs/zk-rollup.md); 38 and 39 are kept for it.

    /// <summary>Registers a ZK rollup: id (also its DA namespace), genesis account root, AIR version, exodus delay.</summary>
    ZkRegister = 32,

    /// <summary>Locks L1 funds in a ZK rollup's escrow and queues a priority deposit.</summary>
    ZkDeposit = 33,

    /// <summary>Queues a forced exit, signed by the account's ZK key, that the next batches must process.</summary>
    ZkForcedExit = 34,

    /// <summary>A batch proof with its pubdata as a carried blob; accepted, it moves the root and pays withdrawals at once.</summary>
    ZkBatch = 35,

    /// <summary>Exodus: withdraws an account's balance from the last proven root of a frozen rollup.</summary>
    ZkExodus = 36,

    /// <summary>Exodus: refunds a deposit no proven batch consumed, once the rollup is frozen.</summary>
    ZkRefund = 37,
}
