using Lamina.Client.Views;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// L1's records of one rollup as a reader collects them from RPC views, in queue order: deposits
/// (rollup_getDeposits, with their L1 heights), forced transactions (rollup_getForcedTransactions, with heights),
/// batch references (rollup_getBatches, with their blobs' commitments) and L1 blocks' blob base fee and time
/// (rollup_getL1Block). Queues only grow and records never change, so a reader adds only what is new and keeps the rest.
/// </summary>
public sealed class RpcRollupRecords
{
    private readonly List<L2Deposit> _deposits = [];
    private readonly List<ulong> _depositHeights = [];
    private readonly List<(OneStepTransaction, ulong)> _forced = [];
    private readonly List<RecordedBatch?> _batches = [];
    private readonly Dictionary<ulong, ulong> _fees = [];
    private readonly Dictionary<ulong, ulong> _times = [];

    public int DepositCount => _deposits.Count;
    public int ForcedCount => _forced.Count;
    public int BatchCount => _batches.Count;

    public void Add(RollupDepositView deposit)
    {
        _deposits.Add(new L2Deposit(deposit.Index, deposit.L2Recipient, deposit.Amount));
        _depositHeights.Add(deposit.L1Height);
    }

    /// <summary>A forced transaction as the step runs it; an unknown kind is a <see cref="FormatException"/>.</summary>
    public void Add(RollupForcedTransactionView forced)
    {
        var kind = forced.L2Kind switch
        {
            "transfer" => (byte)OptimisticTxKind.Transfer,
            "withdrawal" => (byte)OptimisticTxKind.Withdrawal,
            _ => throw new FormatException($"forced transaction {forced.Index} has an unknown L2 kind '{forced.L2Kind}'"),
        };
        _forced.Add((ForcedL2Transaction.ToOneStep(kind, forced.L2Transaction), forced.L1Height));
    }

    /// <summary>A batch reference; one without commitments (L1 recorded none) is no batch a derived game can read.</summary>
    public void Add(RollupBatchView batch) => _batches.Add(batch.Commitments is { } c ? new RecordedBatch([.. c], batch.PostedAtHeight) : null);

    public bool HasL1Block(ulong height) => _fees.ContainsKey(height);

    public void AddL1Block(ulong height, ulong blobBaseFee, ulong timeMs)
    {
        _fees[height] = blobBaseFee;
        _times[height] = timeMs;
    }

    /// <summary>The deposits and fees (what every game reads).</summary>
    public L1RecordList Records() => new([.. _deposits], new Dictionary<ulong, ulong>(_fees));

    /// <summary>Everything read (what a game that derives lists on L1 reads).</summary>
    public L1RecordList DerivationRecords() => new([.. _deposits], new Dictionary<ulong, ulong>(_fees))
    {
        DepositHeights = [.. _depositHeights],
        L1Times = new Dictionary<ulong, ulong>(_times),
        ForcedQueue = [.. _forced],
        Batches = [.. _batches],
    };
}
