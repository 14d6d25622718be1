using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>l2_sendTransaction: the transaction's hash once the sequencer has journaled it (the soft confirmation).</summary>
public sealed record L2SendView(Hash256 Hash, string Status, ulong UnsafeHead)
{
    public static L2SendView Read(ViewReader r) => new(r.Hash("hash"), r.String("status"), r.ULong("unsafeHead"));
}

/// <summary>l2_getAccount: balance and next nonce at the unsafe head (with a sequencer's accepted transactions).</summary>
public sealed record L2AccountView(Address Address, ulong Balance, ulong Nonce, ulong Head)
{
    public static L2AccountView Read(ViewReader r) => new(r.Address("address"), r.ULong("balance"), r.ULong("nonce"), r.ULong("head"));
}

/// <summary>One L2 block header as l2_head and l2_getBlock show it.</summary>
public sealed record L2HeaderView(ulong Number, Hash256 Hash, Hash256 ParentHash, ulong L1Origin, ulong TimestampMs, ulong TxCount, Hash256 StateRoot, Hash256 OutputRoot)
{
    public static L2HeaderView Read(ViewReader r) => new(r.ULong("number"), r.Hash("hash"), r.Hash("parentHash"), r.ULong("l1Origin"),
        r.ULong("timestampMs"), r.ULong("txCount"), r.Hash("stateRoot"), r.Hash("outputRoot"));
}

/// <summary>An output root on L1 that disagrees with what this node derived.</summary>
public sealed record L2MismatchView(ulong L2BlockNumber, Hash256 Posted, Hash256 Derived)
{
    public static L2MismatchView Read(ViewReader r) => new(r.ULong("l2BlockNumber"), r.Hash("posted"), r.Hash("derived"));
}

/// <summary>
/// l2_head: the unsafe, safe and finalized heads, the L1 height derived through, detected output mismatches, the
/// node's role, whether derivation waits for withheld data, and the last round's error (null when it succeeded).
/// </summary>
public sealed record L2HeadsView(L2HeaderView Unsafe, L2HeaderView Safe, L2HeaderView Finalized, ulong L1Height, IReadOnlyList<L2MismatchView> Mismatches,
    string Role, bool WaitingForData, string? LastError)
{
    /// <summary>The forced-inclusion window (L1 blocks) in force after the safe head: shrunk by the delay buffer after delays (null from older nodes).</summary>
    public ulong? ForcedInclusionWindow { get; init; }

    public static L2HeadsView Read(ViewReader r) => new(L2HeaderView.Read(r.Object("unsafe")), L2HeaderView.Read(r.Object("safe")),
        L2HeaderView.Read(r.Object("finalized")), r.ULong("l1Height"), r.Each("mismatches", item => L2MismatchView.Read(r.Element("mismatches", item))),
        r.String("role"), r.Bool("waitingForData"), r.OptionalString("lastError"))
    { ForcedInclusionWindow = r.OptionalULong("forcedInclusionWindow") };
}

/// <summary>l2_getTransaction: status is "pending" (accepted, not in a block), "unsafe" or "safe".</summary>
public sealed record L2TransactionView(Hash256 Hash, string Kind, string Status, ulong? BlockNumber, ulong? Index, byte[] Transaction)
{
    public static L2TransactionView Read(ViewReader r) => new(r.Hash("hash"), r.String("kind"), r.String("status"), r.OptionalULong("blockNumber"),
        r.OptionalULong("index"), r.Bytes("tx"));
}

/// <summary>l2_getWithdrawalProof: the proof's bytes (OptimisticWithdrawalProof) against the finalized output root.</summary>
public sealed record L2WithdrawalProofView(Hash256 WithdrawalId, ulong L2BlockNumber, Hash256 OutputRoot, byte[] Proof)
{
    public static L2WithdrawalProofView Read(ViewReader r) => new(r.Hash("withdrawalId"), r.ULong("l2BlockNumber"), r.Hash("outputRoot"), r.Bytes("proof"));
}
