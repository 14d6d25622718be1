using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// zkl1_getRollup / zkl1_list: one ZK rollup on L1. RPO digests (<see cref="AccountRoot"/>, <see cref="StateRoot"/>,
/// <see cref="GenesisAccountRoot"/>) are carried as their 32 bytes (four little-endian u64), here in a
/// <see cref="Hash256"/> (this client does not reference the STARK library). <see cref="LastProvenBatch"/> is null
/// before batch 0; <see cref="ExodusDeadline"/> is the L1 height the rollup freezes at unless a batch processes its
/// oldest request (null when none waits).
/// </summary>
public sealed record ZkRollupView(
    uint RollupId, string Namespace, Hash256 GenesisAccountRoot, uint AirVersion, ulong ExodusDelayBlocks, ulong RegisteredAtHeight,
    Hash256 AccountRoot, Hash256 StateRoot, ulong Batches, ulong? LastProvenBatch, ulong LastBatchHeight, ulong PriorityQueueHead,
    ulong PriorityQueueLength, ulong PriorityRequests, bool Frozen, ulong? FrozenAtHeight, ulong? ExodusDeadline, Address EscrowAddress,
    UInt128 TotalDeposited, UInt128 TotalPaidOut, UInt128 Escrowed, ulong RejectedBatches, ulong Exits)
{
    /// <summary>The L1 height the answer reflects (absent inside <c>zkl1_list</c>'s items).</summary>
    public ulong? Height { get; init; }

    public JsonObject Json { get; init; } = [];

    public static ZkRollupView Read(ViewReader r) => new((uint)r.ULong("rollupId"), r.String("namespace"), r.Hash("genesisAccountRoot"), (uint)r.ULong("airVersion"),
        r.ULong("exodusDelayBlocks"), r.ULong("registeredAtHeight"), r.Hash("accountRoot"), r.Hash("stateRoot"), r.ULong("batches"), r.OptionalULong("lastProvenBatch"),
        r.ULong("lastBatchHeight"), r.ULong("priorityQueueHead"), r.ULong("priorityQueueLength"), r.ULong("priorityRequests"), r.Bool("frozen"),
        r.OptionalULong("frozenAtHeight"), r.OptionalULong("exodusDeadline"), r.Address("escrowAddress"), r.Amount("totalDeposited"), r.Amount("totalPaidOut"),
        r.Amount("escrowed"), r.ULong("rejectedBatches"), r.ULong("exits"))
    { Height = r.OptionalULong("height"), Json = r.Json };
}

/// <summary>zkl1_list: every registered ZK rollup, in id order.</summary>
public sealed record ZkRollupListView(ulong Height, IReadOnlyList<ZkRollupView> Rollups)
{
    public static ZkRollupListView Read(ViewReader r) => new(r.ULong("height"), r.Each("rollups", item => ZkRollupView.Read(r.Element("rollups", item))));
}

/// <summary>
/// An accepted batch: where it landed (<see cref="L1Height"/>; its pubdata blob is blob <see cref="BlobIndex"/> of that
/// block, in the rollup's namespace, with <see cref="PubdataCommitment"/>), the roots it moved between, the priority
/// requests it consumed and what it paid out, its proof size and the gas it was charged.
/// </summary>
public sealed record ZkBatchView(ulong Number, ulong L1Height, Hash256 TxHash, Address Submitter, Hash256 OldAccountRoot, Hash256 NewAccountRoot,
    ulong FirstPriority, ulong PriorityConsumed, ulong Payouts, UInt128 PayoutTotal, ulong Refunds, ulong PubdataBytes, Hash256 PubdataCommitment,
    ulong ProofBytes, ulong Gas, int? BlobIndex)
{
    public ulong? Height { get; init; }

    /// <summary>
    /// zkl1_getBatch only: how long the answering node's verifier ran on the proof, in µs (node-local, not consensus
    /// state: null on a node that never verified it, e.g. one that took the block from sync). <see cref="Gas"/> is
    /// the deterministic charge every node agrees on.
    /// </summary>
    public ulong? ThisNodeVerifyUs { get; init; }

    public static ZkBatchView Read(ViewReader r) => new(r.ULong("number"), r.ULong("l1Height"), r.Hash("txHash"), r.Address("submitter"), r.Hash("oldAccountRoot"),
        r.Hash("newAccountRoot"), r.ULong("firstPriority"), r.ULong("priorityConsumed"), r.ULong("payouts"), r.Amount("payoutTotal"), r.ULong("refunds"),
        r.ULong("pubdataBytes"), r.Hash("pubdataCommitment"), r.ULong("proofBytes"), r.ULong("gas"), r.OptionalULong("blobIndex") is { } i ? checked((int)i) : null)
    { Height = r.OptionalULong("height"), ThisNodeVerifyUs = r.OptionalULong("thisNodeVerifyUs") };
}

/// <summary>
/// A priority request: <see cref="Kind"/> "deposit" or "forcedExit"; <see cref="Status"/> "pending", "processed",
/// "refundedByBatch" or "refundedInExodus"; <see cref="Operation"/> is the L2 operation's canonical bytes
/// (<c>ZkTransaction.Decode</c>), with the serial L1 assigned.
/// </summary>
public sealed record ZkPriorityView(ulong Serial, string Kind, Address Sender, ulong QueuedAtHeight, string Status, ulong? SettledAtHeight, byte[] Operation,
    UInt128? Amount, ulong? To, ulong? Account, Address? Recipient)
{
    public static ZkPriorityView Read(ViewReader r) => new(r.ULong("serial"), r.String("kind"), r.Address("sender"), r.ULong("queuedAtHeight"), r.String("status"),
        r.OptionalULong("settledAtHeight"), r.Bytes("operation"), r.OptionalAmount("amount"), r.OptionalULong("to"), r.OptionalULong("account"), r.OptionalAddress("recipient"));
}

/// <summary>
/// A batch included as failed. <see cref="Reason"/> (a <c>ZkRollupError</c> name) and <see cref="Detail"/> (the
/// STARK's <c>ProofRejection</c> or part 1's <c>ZkBatchRejection</c> name, null for the other reasons) are consensus
/// state, the same from every node; <see cref="Message"/> is the answering node's text, null when it did not verify
/// the batch itself.
/// </summary>
public sealed record ZkRejectionView(ulong Index, ulong L1Height, Hash256 TxHash, Address Submitter, ulong BatchNumber, string Reason, string? Detail, string? Message)
{
    public static ZkRejectionView Read(ViewReader r) => new(r.ULong("index"), r.ULong("l1Height"), r.Hash("txHash"), r.Address("submitter"), r.ULong("batchNumber"),
        r.String("reason"), r.OptionalString("detail"), r.OptionalString("message"));
}

/// <summary>zkl1_getExit: whether <see cref="Account"/> took its exodus withdrawal, and where it went.</summary>
public sealed record ZkExitView(ulong Height, uint RollupId, uint Account, bool Exited, Address? Recipient, UInt128? Amount, ulong? L1Height)
{
    public static ZkExitView Read(ViewReader r) => new(r.ULong("height"), (uint)r.ULong("rollupId"), (uint)r.ULong("account"), r.Bool("exited"),
        r.OptionalAddress("recipient"), r.OptionalAmount("amount"), r.OptionalULong("l1Height"));
}
