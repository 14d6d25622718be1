using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Storage;
using static Lamina.L2.Zk.Tests.ZkOperatorFixture;

namespace Lamina.L2.Zk.Tests;

/// <summary>
/// Resending a batch costs no L1 nonce: <see cref="ClientZkSettlement"/> journals the signed transaction it sent for
/// each batch and, on a resend (on a timer or after a restart, i.e. a new client over the same journal), asks L1
/// about it first. Against a fake L1 node that keeps an account nonce, a mempool and the included transactions.
/// </summary>
public sealed class ClientZkResendTests
{
    private static readonly SigningKey OperatorKey = SigningKey.FromSeed([.. Enumerable.Repeat((byte)0x0F, 32)]);
    private static readonly Lazy<ZkBatchSubmission> Submission = new(() =>
        ZkBatchSubmission.From(new ZkBatchProver(Domain, Fast, sequential: true).Prove(new ZkState(), [new DepositOp(0, A, Alice.PublicKey, 1_000)], 0)));

    [Fact]
    public async Task A_resend_while_L1_holds_the_last_transaction_sends_nothing_even_after_a_restart()
    {
        using var store = new InMemoryStore();
        var l1 = new FakeL1 { Nonce = 5 };
        await Client(l1, store).SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Equal([5UL], l1.Sent.Select(t => t.Nonce));

        var resend = Client(l1, store); // a resend on the timer, and the same after a restart: a new client over the same journal
        await resend.SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Equal((0, 1), (resend.Signed, resend.ResendsSkipped));
        l1.Include(l1.Sent[0]);
        await Client(l1, store).SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Single(l1.Sent); // nonce 6 was never signed for a batch L1 already has
        Assert.Equal(6UL, l1.Nonce);
    }

    [Fact]
    public async Task A_transaction_L1_dropped_is_signed_again_with_the_same_nonce_unless_that_nonce_was_used()
    {
        using var store = new InMemoryStore();
        var l1 = new FakeL1 { Nonce = 5 };
        await Client(l1, store).SubmitBatchAsync(Submission.Value, CancellationToken.None);
        l1.Mempool.Clear(); // the node restarted and lost its mempool, or evicted the transaction

        await Client(l1, store).SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Equal([5UL, 5UL], l1.Sent.Select(t => t.Nonce)); // the gap is filled, not skipped

        l1.Mempool.Clear();
        l1.Nonce = 6; // nonce 5 went to another transaction of the operator's key meanwhile
        await Client(l1, store).SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Equal([5UL, 5UL, 6UL], l1.Sent.Select(t => t.Nonce));
        Assert.All(l1.Sent, t => Assert.Equal(Submission.Value.BatchNumber, ((Lamina.L1.ZkRollups.ZkBatchPayload)t.Payload).BatchNumber));
    }

    [Fact]
    public async Task Without_a_journal_the_client_remembers_in_memory()
    {
        var l1 = new FakeL1 { Nonce = 0 };
        var http = new HttpClient(l1);
        var rpc = new LaminaRpcClient(new Uri("http://l1.test/rpc"), http);
        var client = new ClientZkSettlement(rpc, rpc, Domain.RollupId, Domain.ChainId, OperatorKey);
        await client.SubmitBatchAsync(Submission.Value, CancellationToken.None);
        await client.SubmitBatchAsync(Submission.Value, CancellationToken.None);
        Assert.Equal((1, 1, 1), (client.Signed, client.ResendsSkipped, l1.Sent.Count));
    }

    private static ClientZkSettlement Client(FakeL1 l1, InMemoryStore store)
    {
        var rpc = new LaminaRpcClient(new Uri("http://l1.test/rpc"), new HttpClient(l1));
        return new ClientZkSettlement(rpc, rpc, Domain.RollupId, Domain.ChainId, OperatorKey, new ZkOperatorJournal(store));
    }

    /// <summary>An L1 node's answers for one account: its committed nonce, a mempool and the transactions included.</summary>
    private sealed class FakeL1 : HttpMessageHandler
    {
        public ulong Nonce { get; set; }
        public List<Transaction> Sent { get; } = [];
        public HashSet<Hash256> Mempool { get; } = [];
        private readonly HashSet<Hash256> _included = [];

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
            JsonNode? result = body["method"]!.GetValue<string>() switch
            {
                "l1_getAccount" => new JsonObject { ["address"] = p[0]!.GetValue<string>(), ["height"] = 10, ["balance"] = "1000000000000", ["nonce"] = Nonce, ["pendingNonce"] = Nonce + (ulong)Mempool.Count },
                "l1_getTransaction" => Hash256.Parse(p[0]!.GetValue<string>()) is var h && (Mempool.Contains(h) || _included.Contains(h))
                    ? new JsonObject { ["hash"] = h.ToString(), ["status"] = Mempool.Contains(h) ? "pending" : "included", ["finalized"] = true }
                    : null,
                "l1_feeInfo" => new JsonObject { ["baseFeePerGas"] = 1_000, ["minTipPerGas"] = 1, ["transferGas"] = 21_000 },
                "da_blobFee" => new JsonObject { ["height"] = 10, ["nextBaseFeePerBlobGas"] = "1", ["excessBlobGas"] = "0", ["blobGasUsed"] = "0", ["targetBlobGasPerBlock"] = "393216", ["maxBlobGasPerBlock"] = "786432" },
                "l1_sendTransaction" => Send(Hex.Decode(p[0]!.GetValue<string>())),
                var other => throw new InvalidOperationException($"unexpected call {other}"),
            };
            var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]?.DeepClone(), ["result"] = result };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/json") };
        }

        private JsonValue Send(byte[] networkForm)
        {
            var tx = TransactionNetworkForm.Decode(networkForm);
            Sent.Add(tx);
            Mempool.Add(tx.Hash);
            return JsonValue.Create(tx.Hash.ToString());
        }
    }
}
