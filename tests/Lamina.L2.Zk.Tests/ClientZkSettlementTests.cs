using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L2.Zk.Settlement;

namespace Lamina.L2.Zk.Tests;

/// <summary>ClientZkSettlement's reading of zkl1_getRejections, against a canned JSON-RPC answer shaped as the L1 node's.</summary>
public sealed class ClientZkSettlementTests
{
    [Fact]
    public async Task Rejections_say_which_were_sent_by_the_operators_key_and_keep_L1s_reason_and_detail()
    {
        var key = SigningKey.FromSeed([.. Enumerable.Repeat((byte)7, 32)]);
        var other = SigningKey.FromSeed([.. Enumerable.Repeat((byte)8, 32)]).Address;
        var tx = new Hash256([.. Enumerable.Repeat((byte)0xAB, 32)]);
        var rejections = new JsonArray
        {
            new JsonObject { ["index"] = 4, ["l1Height"] = 40, ["txHash"] = tx.ToString(), ["submitter"] = key.Address.ToString(), ["batchNumber"] = 2, ["reason"] = "ProofInvalid", ["detail"] = "OodConstraintMismatch", ["message"] = "OodMismatch: bad" },
            // From an L1 node that did not verify it itself: the reason (state) without a message.
            new JsonObject { ["index"] = 5, ["l1Height"] = 41, ["txHash"] = tx.ToString(), ["submitter"] = other.ToString(), ["batchNumber"] = 2, ["reason"] = "PubdataMalformed", ["detail"] = null, ["message"] = null },
        };
        var answer = new JsonObject { ["rollupId"] = 2, ["from"] = 4, ["next"] = 6, ["total"] = 6, ["rejections"] = rejections, ["height"] = 42 };
        using var http = new HttpClient(new Canned("zkl1_getRejections", answer));
        var l1 = new LaminaRpcClient(new Uri("http://l1.test/rpc"), http);
        var settlement = new ClientZkSettlement(l1, l1, 2, "lamina-test", key);

        var read = await settlement.GetRejectionsAsync(4, 100, CancellationToken.None);

        Assert.Equal(2, read.Count);
        Assert.Equal((4UL, 2UL, 40UL, true, "ProofInvalid", "OodMismatch: bad", true), (read[0].Index, read[0].BatchNumber, read[0].L1Height, read[0].Ours, read[0].Reason, read[0].Message, read[0].Final));
        Assert.Equal("OodConstraintMismatch", read[0].Detail);
        Assert.Equal((5UL, false, "PubdataMalformed", (string?)null, (string?)null), (read[1].Index, read[1].Ours, read[1].Reason, read[1].Detail, read[1].Message));
        Assert.True(read[1].Final);
        Assert.Equal(tx, read[0].TxHash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7_250UL)]
    public async Task A_verified_batch_from_the_real_L1_carries_the_gas_it_was_charged_and_the_L1_nodes_own_verify_time_if_any(ulong? verifyUs)
    {
        byte[] pubdata = [1, 2, 3, 4, 5];
        var zero = new Hash256(new byte[32]);
        var batch = new JsonObject
        {
            ["number"] = 0, ["l1Height"] = 12, ["txHash"] = zero.ToString(), ["submitter"] = new Address(new byte[20]).ToString(),
            ["oldAccountRoot"] = zero.ToString(), ["newAccountRoot"] = zero.ToString(), ["firstPriority"] = 0, ["priorityConsumed"] = 1, ["payouts"] = 0,
            ["payoutTotal"] = "0", ["refunds"] = 0, ["pubdataBytes"] = pubdata.Length, ["pubdataCommitment"] = Lamina.L1.Blobs.BlobCommitment.Of(pubdata).ToString(),
            ["proofBytes"] = 900, ["gas"] = 3_021_000, ["blobIndex"] = 0, ["height"] = 13,
        };
        if (verifyUs is { } us) batch["thisNodeVerifyUs"] = us;
        var blobs = new JsonObject { ["blobs"] = new JsonArray(Hex.Encode([9, 9]), Hex.Encode(pubdata)) };
        using var http = new HttpClient(new Canned(new() { ["zkl1_getBatch"] = batch, ["da_getNamespaceData"] = blobs }));
        var client = new LaminaRpcClient(new Uri("http://l1.test/rpc"), http);

        ZkL1BatchRecord record = (await new ClientZkSettlement(client, client, 2, "lamina-test").GetBatchAsync(0, CancellationToken.None))!;

        Assert.Equal((3_021_000UL, verifyUs / 1_000.0, 900, 12UL), (record.Gas, record.VerifyMilliseconds, record.ProofBytes, record.L1Height));
        Assert.Equal(pubdata, record.Pubdata); // the blob whose bytes hash to L1's commitment, not the other one
    }

    /// <summary>Answers JSON-RPC methods with fixed results (and fails the test on any other).</summary>
    private sealed class Canned(Dictionary<string, JsonNode> results) : HttpMessageHandler
    {
        public Canned(string method, JsonNode result) : this(new Dictionary<string, JsonNode> { [method] = result }) { }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            string method = body["method"]!.GetValue<string>();
            Assert.True(results.ContainsKey(method), $"unexpected call {method}");
            var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = body["id"]?.DeepClone(), ["result"] = results[method].DeepClone() };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/json") };
        }
    }
}
