using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// The challenger's L1 through Lamina.Client, as an outsider reaches it: the head's time (l1_head), the rollup's outputs
/// (rollup_getOutputs), a game's record in L1's own encoding (dispute_getRecord), the deposit queue
/// (rollup_getDeposits) and origin fees (rollup_getL1Block) a game's steps read, and dispute transactions signed with
/// the challenger's key, each waited for until final so the next one takes the next nonce and sees its effect. A send
/// that will not land fails fast with a <see cref="DisputeSendException"/> saying why (refused, dropped, timed out).
/// </summary>
/// <remarks>
/// <paramref name="sending"/>, when given, is shared with every other poster that signs with the same key (a proposer
/// defending its outputs signs with the batcher's key), so their nonces never collide.
/// </remarks>
public sealed class ClientDisputeL1(LaminaRpcClient l1, SigningKey key, string chainId, ulong rollupId, SemaphoreSlim? sending = null) : IDisputeL1
{
    private const int Page = 1_000;
    private readonly List<L2Deposit> _deposits = [];
    private readonly SemaphoreSlim _sending = sending ?? new(1, 1);
    private readonly Dictionary<ulong, ulong> _fees = [];
    private Transaction? _leftOut;

    /// <summary>
    /// Blocks a transaction may be next in line and left out of before it counts as dropped. Generous: on a slow or
    /// lossy network it may not have reached the proposer yet, and a move given up too early is replaced at its nonce,
    /// which then has to travel again (in the simulation 3 blocks lost a game on the faulty network that 8 did not).
    /// </summary>
    public const int LeftOutBlocks = 8;

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
        // Deposits only grow and never change: read the ones not yet seen.
        while (true)
        {
            var page = await l1.GetRollupDepositsAsync(rollupId, (ulong)_deposits.Count, Page, cancellationToken);
            foreach (var d in page.Items) _deposits.Add(new L2Deposit(d.Index, d.L2Recipient, d.Amount));
            if (page.Items.Count == 0 || (ulong)_deposits.Count >= page.Total) break;
        }
        foreach (var origin in origins)
            if (!_fees.ContainsKey(origin)) _fees[origin] = (await l1.GetRollupL1BlockAsync(rollupId, origin, cancellationToken)).BlobBaseFee;
        return new L1RecordList([.. _deposits], new Dictionary<ulong, ulong>(_fees));
    }

    public async Task SendAsync(TxPayload payload, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await SendNowAsync(payload, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task SendNowAsync(TxPayload payload, CancellationToken cancellationToken)
    {
        var account = await l1.GetAccountAsync(key.Address, cancellation: cancellationToken);
        var baseFee = (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;
        var (nonce, maxFee, tip) = (account.PendingNonce, checked(baseFee * 2 + 2), 2UL);
        // A transaction given up as left out may still sit in this node's mempool (only a proposer that tried it drops
        // it): the next one replaces it at its nonce, paying more, so at most one of the two can ever land and nothing
        // queues behind a transaction no block will take.
        if (_leftOut is { } old && old.Nonce >= account.Nonce && await l1.GetTransactionAsync(old.Hash, cancellationToken) is { IsIncluded: false })
            (nonce, maxFee, tip) = (old.Nonce, Math.Max(maxFee, checked(old.MaxFeePerGas * 2)), checked(old.MaxPriorityFeePerGas * 2));
        _leftOut = null;
        var tx = new RollupTxBuilder(key, chainId, nonce, maxFee, tip).Sign(payload);
        try
        {
            await l1.SendTransactionAsync(tx.Encoded, cancellationToken);
        }
        catch (RpcException e)
        {
            throw new DisputeSendException(DisputeSendFailure.Refused, tx.Hash, $"dispute transaction {tx.Hash} was refused: {e.Message}", e);
        }
        await WaitLandedAsync(tx, cancellationToken);
    }

    /// <summary>
    /// Waits until <paramref name="tx"/> is in a final block, failing as soon as it is known not to be coming: the node
    /// no longer knows it (a proposer that found it could not apply left it out of its block and dropped it), its nonce
    /// went to another transaction, or it was next in line for <see cref="LeftOutBlocks"/> blocks that all went without
    /// it (the other validators' proposers leave it out the same way; fees and order would have put it in).
    /// </summary>
    private async Task WaitLandedAsync(Transaction tx, CancellationToken cancellationToken)
    {
        var deadline = Time.GetUtcNow() + SendTimeout;
        ulong? nextInLineFrom = null;
        while (true)
        {
            var seen = await l1.GetTransactionAsync(tx.Hash, cancellationToken);
            if (seen is { IsIncluded: true, Finalized: true }) return;
            if (seen is not { IsIncluded: true })
            {
                var account = await l1.GetAccountAsync(key.Address, cancellation: cancellationToken);
                if (seen is null)
                {
                    // Read again after the nonce: a block that took it may have landed between the two reads.
                    if (account.Nonce > tx.Nonce && await l1.GetTransactionAsync(tx.Hash, cancellationToken) is { IsIncluded: true }) continue;
                    throw new DisputeSendException(DisputeSendFailure.Dropped, tx.Hash, account.Nonce > tx.Nonce
                        ? $"dispute transaction {tx.Hash} lost nonce {tx.Nonce} to another transaction"
                        : $"dispute transaction {tx.Hash} was left out of a block: L1 no longer holds it");
                }
                if (account.Nonce == tx.Nonce)
                {
                    var height = (await l1.GetHeadAsync(cancellationToken)).Height;
                    nextInLineFrom ??= height;
                    if (height >= nextInLineFrom + LeftOutBlocks)
                    {
                        _leftOut = tx;
                        throw new DisputeSendException(DisputeSendFailure.Dropped, tx.Hash,
                            $"dispute transaction {tx.Hash} was next in line for {LeftOutBlocks} blocks (to height {height}) and left out of each");
                    }
                }
            }
            if (Time.GetUtcNow() >= deadline)
            {
                _leftOut = tx;
                throw new DisputeSendException(DisputeSendFailure.TimedOut, tx.Hash, $"dispute transaction {tx.Hash} was not final within {SendTimeout.TotalSeconds} s");
            }
            await Task.Delay(PollInterval, Time, cancellationToken);
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
