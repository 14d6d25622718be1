using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;

namespace Lamina.L2.Optimistic.Tests.Agents;

/// <summary>
/// <see cref="ClientDisputeL1"/>'s send against a fake L1 node (account nonce, mempool, included transactions, a head
/// that moves a block per read): it returns once the transaction is final, and fails with a typed
/// <see cref="DisputeSendException"/> as soon as the transaction is known not to be coming, long before its timeout
/// (an hour here, so a test that passes did not wait for it). A transaction given up while still pending is replaced
/// at its own nonce by the next send, so at most one of the two can land. Several go out together on consecutive nonces;
/// one that does not land fails those queued behind it, and the next send refills its nonce first.
/// </summary>
public sealed class ClientDisputeSendTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed([.. Enumerable.Repeat((byte)0x2A, 32)]);
    private static readonly TxPayload Move = new DisputeResolvePayload(TestKeys.RollupId, 1);

    [Fact]
    public async Task A_transaction_included_in_a_final_block_lands()
    {
        var l1 = new FakeL1 { Nonce = 5, OnSend = (l1, tx) => l1.Include(tx) };
        await Client(l1).SendAsync(Move, CancellationToken.None);
        Assert.Equal(6UL, l1.Nonce);
    }

    [Fact]
    public async Task A_transaction_the_node_dropped_from_its_block_fails_at_once_as_dropped()
    {
        var l1 = new FakeL1 { Nonce = 5, OnSend = (l1, tx) => l1.Mempool.Remove(tx.Hash) }; // the proposer could not apply it and left it out
        var e = await Assert.ThrowsAsync<DisputeSendException>(() => Client(l1).SendAsync(Move, CancellationToken.None));
        Assert.Equal(DisputeSendFailure.Dropped, e.Failure);
        Assert.Equal(l1.Sent[0].Hash, e.Transaction);
        Assert.True(l1.HeadReads <= 1, $"{l1.HeadReads} head reads");
    }

    [Fact]
    public async Task Replacements_at_one_nonce_double_the_fee_caps_only_up_to_the_cap()
    {
        // Every send at nonce 5 is dropped (a move L1 refuses each round): the replacements' caps double, then stop at
        // MaxReplacementFactor times a fresh transaction's, so the sender is never priced out of its balance.
        var l1 = new FakeL1 { Nonce = 5, OnSend = (l1, tx) => l1.Mempool.Remove(tx.Hash) };
        var client = Client(l1);
        for (var i = 0; i < 12; i++) await Assert.ThrowsAsync<DisputeSendException>(() => client.SendAsync(Move, CancellationToken.None));
        Assert.All(l1.Sent, t => Assert.Equal(5UL, t.Nonce));
        var fresh = l1.Sent[0];
        Assert.True(l1.Sent[1].MaxFeePerGas > fresh.MaxFeePerGas && l1.Sent[1].MaxPriorityFeePerGas > fresh.MaxPriorityFeePerGas);
        Assert.Equal(fresh.MaxFeePerGas * DisputeSender.MaxReplacementFactor, l1.Sent[^1].MaxFeePerGas);
        Assert.Equal(fresh.MaxPriorityFeePerGas * DisputeSender.MaxReplacementFactor, l1.Sent[^1].MaxPriorityFeePerGas);
        Assert.Equal(l1.Sent[^2].MaxFeePerGas, l1.Sent[^1].MaxFeePerGas);
    }

    [Fact]
    public async Task A_transaction_left_out_of_blocks_while_next_in_line_is_dropped_and_the_next_send_replaces_it_at_its_nonce()
    {
        var l1 = new FakeL1 { Nonce = 5 }; // pending everywhere, and every block goes without it
        var client = Client(l1);
        var e = await Assert.ThrowsAsync<DisputeSendException>(() => client.SendAsync(Move, CancellationToken.None));
        Assert.Equal(DisputeSendFailure.Dropped, e.Failure);
        Assert.InRange(l1.HeadReads, ClientDisputeL1.LeftOutBlocks + 1, ClientDisputeL1.LeftOutBlocks + 2);

        l1.OnSend = (l1, tx) => l1.Include(tx);
        await client.SendAsync(new DisputeResolvePayload(TestKeys.RollupId, 2), CancellationToken.None);
        Assert.Equal([5UL, 5UL], l1.Sent.Select(t => t.Nonce)); // the pool's pending nonce was 6: nothing queues behind the stuck one
        Assert.True(l1.Sent[1].MaxFeePerGas > l1.Sent[0].MaxFeePerGas && l1.Sent[1].MaxPriorityFeePerGas > l1.Sent[0].MaxPriorityFeePerGas);
        Assert.DoesNotContain(l1.Sent[0].Hash, l1.Mempool);
    }

    [Fact]
    public async Task A_transaction_whose_nonce_another_took_fails_as_dropped_and_one_the_node_refuses_as_refused()
    {
        var l1 = new FakeL1 { Nonce = 5, OnSend = (l1, tx) => { l1.Mempool.Remove(tx.Hash); l1.Nonce = 6; } };
        var e = await Assert.ThrowsAsync<DisputeSendException>(() => Client(l1).SendAsync(Move, CancellationToken.None));
        Assert.Equal(DisputeSendFailure.Dropped, e.Failure);
        Assert.Contains("nonce 5", e.Message, StringComparison.Ordinal);

        l1.RefuseSends = true;
        e = await Assert.ThrowsAsync<DisputeSendException>(() => Client(l1).SendAsync(Move, CancellationToken.None));
        Assert.Equal(DisputeSendFailure.Refused, e.Failure);
    }

    private static TxPayload[] Moves(int count) => [.. Enumerable.Range(1, count).Select(i => (TxPayload)new DisputeResolvePayload(TestKeys.RollupId, (ulong)i))];

    [Fact]
    public async Task Several_transactions_go_out_together_on_consecutive_nonces_and_land()
    {
        // Nothing is included until the third is submitted: sent one at a time, the first would wait for a block forever.
        var l1 = new FakeL1 { Nonce = 5 };
        l1.OnSend = (l1, _) =>
        {
            if (l1.Sent.Count == 3)
                foreach (var tx in l1.Sent) l1.Include(tx);
        };
        var results = await Client(l1).SendAllAsync(Moves(3), CancellationToken.None);
        Assert.All(results, Assert.Null);
        Assert.Equal([5UL, 6UL, 7UL], l1.Sent.Select(t => t.Nonce));
        Assert.Equal(8UL, l1.Nonce);
    }

    [Fact]
    public async Task A_dropped_transaction_fails_the_ones_queued_behind_it_and_the_next_send_refills_its_nonce_first()
    {
        // The proposer could not apply the first and dropped it; the two behind it wait on its nonce and can never land.
        var l1 = new FakeL1 { Nonce = 5 };
        l1.OnSend = (l1, _) =>
        {
            if (l1.Sent.Count == 3) l1.Mempool.Remove(l1.Sent[0].Hash);
        };
        var client = Client(l1);
        var results = await client.SendAllAsync(Moves(3), CancellationToken.None);
        Assert.All(results, r => Assert.Equal(DisputeSendFailure.Dropped, r!.Failure));
        Assert.Contains("queued behind", results[1]!.Message, StringComparison.Ordinal);
        Assert.True(l1.HeadReads == 0, $"{l1.HeadReads} head reads: it waited for blocks");

        // The next sends start at the dropped nonce (the pool's pending nonce is 8) and replace the stuck ones at theirs, paying more.
        l1.OnSend = (l1, tx) => l1.Include(tx);
        Assert.All(await client.SendAllAsync(Moves(2), CancellationToken.None), Assert.Null);
        Assert.Equal([5UL, 6UL, 7UL, 5UL, 6UL], l1.Sent.Select(t => t.Nonce));
        Assert.True(l1.Sent[4].MaxFeePerGas > l1.Sent[1].MaxFeePerGas && l1.Sent[4].MaxPriorityFeePerGas > l1.Sent[1].MaxPriorityFeePerGas);
        Assert.DoesNotContain(l1.Sent[1].Hash, l1.Mempool);
    }

    private static ClientDisputeL1 Client(FakeL1 l1) =>
        new(new LaminaRpcClient(new Uri("http://l1.test/"), new HttpClient(l1)), Key, "lamina-test", TestKeys.RollupId)
        {
            SendTimeout = TimeSpan.FromHours(1),
            PollInterval = TimeSpan.FromMilliseconds(1),
        };

    private sealed class FakeL1 : HttpMessageHandler
    {
        private readonly HashSet<Hash256> _included = [];
        private ulong _height = 10;

        public ulong Nonce { get; set; }
        public List<Transaction> Sent { get; } = [];
        public HashSet<Hash256> Mempool { get; } = [];
        public Action<FakeL1, Transaction>? OnSend { get; set; }
        public bool RefuseSends { get; set; }
        public int HeadReads { get; private set; }

        public void Include(Transaction tx)
        {
            Mempool.Remove(tx.Hash);
            _included.Add(tx.Hash);
            Nonce = tx.Nonce + 1;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var p = body["params"]!.AsArray();
            var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]?.DeepClone() };
            switch (body["method"]!.GetValue<string>())
            {
                case "l1_getAccount":
                    response["result"] = new JsonObject { ["address"] = p[0]!.GetValue<string>(), ["height"] = _height, ["balance"] = "1000000000000", ["nonce"] = Nonce, ["pendingNonce"] = Nonce + (ulong)Mempool.Count };
                    break;
                case "l1_getTransaction":
                    var h = Hash256.Parse(p[0]!.GetValue<string>());
                    response["result"] = Mempool.Contains(h) || _included.Contains(h) ? new JsonObject { ["hash"] = h.ToString(), ["status"] = Mempool.Contains(h) ? "pending" : "included", ["finalized"] = _included.Contains(h) } : null;
                    break;
                case "l1_head":
                    HeadReads++;
                    _height++; // a block went by between any two reads
                    response["result"] = new JsonObject { ["height"] = _height, ["hash"] = Hash256.Zero.ToString(), ["finalizedHeight"] = _height, ["time"] = 1_000 * _height };
                    break;
                case "l1_feeInfo":
                    response["result"] = new JsonObject { ["baseFeePerGas"] = 1_000, ["minTipPerGas"] = 1, ["transferGas"] = 21_000 };
                    break;
                case "l1_sendTransaction" when RefuseSends:
                    response["error"] = new JsonObject { ["code"] = -32000, ["message"] = "refused", ["data"] = new JsonObject { ["reason"] = "RollupRejected", ["detail"] = "DuplicateClaim" } };
                    break;
                case "l1_sendTransaction":
                    var tx = Transaction.FromBytes(Hex.Decode(p[0]!.GetValue<string>()));
                    Sent.Add(tx);
                    foreach (var other in Sent)
                        if (other.Nonce == tx.Nonce && other.Hash != tx.Hash) Mempool.Remove(other.Hash); // a replacement
                    Mempool.Add(tx.Hash);
                    OnSend?.Invoke(this, tx);
                    response["result"] = tx.Hash.ToString();
                    break;
                case var other:
                    throw new InvalidOperationException($"unexpected call {other}");
            }
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/json") };
        }
    }
}
