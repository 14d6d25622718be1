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
/// the challenger's key, each waited for until final so the next one takes the next nonce and sees its effect.
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
        var nonce = (await l1.GetAccountAsync(key.Address, cancellation: cancellationToken)).PendingNonce;
        var baseFee = (await l1.GetFeeInfoAsync(cancellationToken)).BaseFeePerGas;
        var tx = new RollupTxBuilder(key, chainId, nonce, checked(baseFee * 2 + 2), 2).Sign(payload);
        await l1.SendTransactionAsync(tx.Encoded, cancellationToken);
        var final = await l1.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(60), cancellation: cancellationToken);
        if (final is not { IsIncluded: true }) throw new TimeoutException($"dispute transaction {tx.Hash} was not final within 60 s");
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
