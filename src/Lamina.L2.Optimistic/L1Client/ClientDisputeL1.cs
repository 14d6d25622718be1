using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// The challenger's L1 through Lamina.Client, as an outsider reaches it: the head's time (l1_head), the rollup's outputs
/// (rollup_getOutputs), a game's record in L1's own encoding (dispute_getRecord), the deposit queue
/// (rollup_getDeposits) and origin fees (rollup_getL1Block) a game's steps read, and dispute transactions signed with
/// the challenger's key, sent together on consecutive nonces and each waited for until final (<see cref="DisputeSender"/>).
/// A send that will not land fails fast with a <see cref="DisputeSendException"/> saying why (refused, dropped, timed out).
/// </summary>
/// <remarks>
/// <paramref name="sending"/>, when given, is shared with every other poster that signs with the same key (a proposer
/// defending its outputs signs with the batcher's key), so their nonces never collide.
/// </remarks>
public sealed class ClientDisputeL1(LaminaRpcClient l1, SigningKey key, string chainId, ulong rollupId, SemaphoreSlim? sending = null) : IDisputeL1
{
    private const int Page = 1_000;
    private readonly RpcRollupRecords _records = new();
    private readonly SemaphoreSlim _sending = sending ?? new(1, 1);
    private DisputeSender? _sender; // made on first send: it keeps the given-up transactions the next sends replace

    /// <summary>Blocks a transaction may be next in line and left out of before it counts as dropped (<see cref="DisputeSender.LeftOutBlocks"/>).</summary>
    public const int LeftOutBlocks = DisputeSender.LeftOutBlocks;

    /// <summary>How long a send waits, at most, for a transaction still pending.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock the wait runs on (tests give a manual one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<ulong> HeadTimeMsAsync(CancellationToken cancellationToken) => (await l1.GetHeadAsync(cancellationToken)).TimeMs;

    public async Task<IReadOnlyList<RollupOutputRecord>> OutputsAsync(CancellationToken cancellationToken)
    {
        var outputs = new List<RollupOutputRecord>();
        ulong from = 0;
        while (true)
        {
            var page = await l1.GetRollupOutputsAsync(rollupId, from, Page, cancellationToken);
            foreach (var o in page.Items)
                outputs.Add(new RollupOutputRecord(o.RollupId, o.Index, o.L2BlockNumber, o.OutputRoot, o.Proposer, o.Bond, o.PostedAtHeight, o.PostedTimeMs, StatusOf(o.Status)));
            if (page.Next >= page.Total || page.Items.Count == 0) return outputs;
            from = page.Next;
        }
    }

    public async Task<DisputeGameRecord?> GameAsync(ulong outputIndex, CancellationToken cancellationToken)
    {
        var answer = await l1.RequestAsync("dispute_getRecord", new JsonArray(rollupId, outputIndex), cancellationToken);
        var hex = answer?["record"]?.GetValue<string>();
        return hex is null ? null : Canonical.Decode<DisputeGameRecord>(Hex.Decode(hex));
    }

    public async Task<IRollupL1Records> RecordsAsync(IReadOnlyCollection<ulong> origins, CancellationToken cancellationToken)
    {
        await ReadQueuesAsync(derivation: false, cancellationToken);
        foreach (var origin in origins) await ReadL1BlockAsync(origin, cancellationToken);
        return _records.Records();
    }

    /// <summary>
    /// As <see cref="RecordsAsync"/>, with what a game that derives lists on L1 reads too: the deposit and forced queues
    /// with their L1 heights, every batch reference with its blobs' commitments, and the fee and time of each L1 block in
    /// <paramref name="heights"/> (a height L1 has not reached is left out, as L1's own records lack it).
    /// </summary>
    public async Task<IRollupL1Records> DerivationRecordsAsync(IReadOnlyCollection<ulong> heights, CancellationToken cancellationToken)
    {
        await ReadQueuesAsync(derivation: true, cancellationToken);
        var head = (await l1.GetHeadAsync(cancellationToken)).Height;
        foreach (var height in heights)
        {
            if (height <= head) await ReadL1BlockAsync(height, cancellationToken);
        }
        return _records.DerivationRecords();
    }

    /// <summary>The queues' new entries (they only grow and never change): deposits, and for derived games forced transactions and batches.</summary>
    private async Task ReadQueuesAsync(bool derivation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await l1.GetRollupDepositsAsync(rollupId, (ulong)_records.DepositCount, Page, cancellationToken);
            foreach (var d in page.Items) _records.Add(d);
            if (page.Items.Count == 0 || (ulong)_records.DepositCount >= page.Total) break;
        }
        if (!derivation) return;
        while (true)
        {
            var page = await l1.GetRollupForcedTransactionsAsync(rollupId, (ulong)_records.ForcedCount, Page, cancellationToken);
            foreach (var f in page.Items) _records.Add(f);
            if (page.Items.Count == 0 || (ulong)_records.ForcedCount >= page.Total) break;
        }
        while (true)
        {
            var page = await l1.GetRollupBatchesAsync(rollupId, (ulong)_records.BatchCount, Page, cancellationToken);
            foreach (var b in page.Items) _records.Add(b);
            if (page.Items.Count == 0 || (ulong)_records.BatchCount >= page.Total) break;
        }
    }

    /// <summary>An L1 block's blob base fee and time, read once (they never change).</summary>
    private async Task ReadL1BlockAsync(ulong height, CancellationToken cancellationToken)
    {
        if (_records.HasL1Block(height)) return;
        var block = await l1.GetRollupL1BlockAsync(rollupId, height, cancellationToken);
        _records.AddL1Block(height, block.BlobBaseFee, block.L1TimeMs);
    }

    public async Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
    {
        if ((await SendAllAsync([payload], cancellationToken))[0] is { } failure) throw failure;
    }

    /// <summary>Every payload on consecutive nonces, waited for together (<see cref="DisputeSender"/>'s rules).</summary>
    public async Task<IReadOnlyList<DisputeSendException?>> SendAllAsync(IReadOnlyList<TxPayload> payloads, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            _sender ??= new DisputeSender(new RpcDisputeTxChannel(l1, key.Address, PollInterval, Time), key, chainId) { SendTimeout = SendTimeout };
            return await _sender.SendAllAsync(payloads, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private OutputStatus StatusOf(string status) => status switch
    {
        "proposed" => OutputStatus.Proposed,
        "finalized" => OutputStatus.Finalized,
        "disputed" => OutputStatus.Disputed,
        "replaced" => OutputStatus.Replaced,
        _ => throw new RpcClientException(RpcClientError.UnexpectedResult, l1.Endpoint, $"rollup_getOutputs answered an unknown output status '{status}'"),
    };
}
