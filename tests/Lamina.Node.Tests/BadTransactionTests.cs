using System.Text.Json.Nodes;
using CsCheck;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.Client;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>
/// Bad transactions over RPC get a typed rejection (code plus data.reason), never crash the node, and never cost
/// what was already accepted.
/// </summary>
public sealed class BadTransactionTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly HashSet<string> Reasons = [.. Enum.GetNames<TxRejectReason>()];

    private Task<JsonNode?> SendAsync(Transaction tx) => node.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded));

    private async Task<JsonObject> RejectedAsync(byte[] bytes, string reason, string what)
    {
        var error = await node.CallErrorAsync(RpcErrorCodes.TransactionRejected, "l1_sendTransaction", Hex.Encode(bytes));
        Assert.True(error["data"]?["reason"]?.GetValue<string>() == reason, $"{what}: expected reason {reason}, got {error.ToJsonString()}");
        return error;
    }

    private Task<JsonObject> RejectedAsync(Transaction tx, string reason, string what) => RejectedAsync(tx.Encoded, reason, what);

    private async Task MalformedAsync(byte[] bytes, string what)
    {
        var error = await node.CallErrorAsync(RpcErrorCodes.InvalidTransaction, "l1_sendTransaction", Hex.Encode(bytes));
        Assert.True(error["data"]?["reason"]?.GetValue<string>() == "malformed", $"{what}: {error.ToJsonString()}");
        Assert.False(string.IsNullOrEmpty(error["data"]?["codecError"]?.GetValue<string>()), $"{what}: no codec error named: {error.ToJsonString()}");
    }

    [Fact]
    public async Task Every_kind_of_bad_transaction_is_refused_with_its_reason_and_nothing_accepted_is_lost()
    {
        var mark = node.Logs.Mark();
        var alice = node.Home.Funded[0];
        var bob = node.Home.Funded[1];
        var carol = node.Home.Funded[2];
        var recipient = TestHome.RandomAddress();

        // Accepted first: three transfers from Alice.
        var accepted = new List<Transaction>();
        for (ulong n = 0; n < 3; n++)
        {
            var tx = TestHome.Transfer(alice, n, recipient, 1_000);
            Assert.Equal(tx.Hash.ToString(), (await SendAsync(tx))!.GetValue<string>());
            accepted.Add(tx);
        }
        var startHeight = await node.HeightAsync();

        // Not hex at all: an invalid parameter.
        foreach (var text in new[] { "hello", "0x0g", "0xabc", "" })
        {
            var response = await node.RequestAsync("l1_sendTransaction", new JsonArray(text));
            if (text.Length == 0)
            {
                // The empty string is valid (empty) hex: it decodes to no bytes, which is a malformed transaction.
                NodeFixture.ExpectError(response, RpcErrorCodes.InvalidTransaction, "empty transaction");
                continue;
            }
            NodeFixture.ExpectError(response, RpcErrorCodes.InvalidParams, $"non-hex '{text}'");
        }

        // Hex that does not decode as a transaction.
        var good = TestHome.Transfer(bob, 0, recipient, 5).Encoded;
        await MalformedAsync([], "no bytes");
        await MalformedAsync([0x00], "unknown version");
        await MalformedAsync([0x01], "version only");
        await MalformedAsync(good[..^1], "truncated by one byte");
        await MalformedAsync(good[..(good.Length / 2)], "truncated by half");
        await MalformedAsync([.. good, 0x00], "trailing byte");
        var wrongVersion = (byte[])good.Clone();
        wrongVersion[0] = 2;
        await MalformedAsync(wrongVersion, "version 2");
        await MalformedAsync(new byte[Transaction.MaxEncodedSize + 1], "over the size cap");

        // A flipped signature byte, and a flipped amount byte under an intact signature.
        var bobTx = TestHome.Transfer(bob, 0, recipient, 5);
        var badSig = (byte[])bobTx.Encoded.Clone();
        badSig[^10] ^= 0x01;
        await RejectedAsync(badSig, "BadSignature", "flipped signature byte");
        var badBody = (byte[])bobTx.Encoded.Clone();
        badBody[^(64 + 1)] ^= 0x01; // last byte of the amount
        await RejectedAsync(badBody, "BadSignature", "flipped amount byte");

        // Another chain's transaction.
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, chainId: "some-other-chain"), "WrongChainId", "wrong chain id");

        // Fees below the base fee, and no tip at all.
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, maxFee: 0, tip: 0), "FeeTooLow", "zero fee");
        var baseFee = (await node.CallAsync("l1_feeInfo"))!["baseFeePerGas"]!.GetValue<ulong>();
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, maxFee: baseFee + 1_000, tip: 0), "FeeTooLow", "zero tip");

        // Other stateless rules.
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, maxFee: 10, tip: 20), "InvalidFeeFields", "tip above max fee");
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, gasLimit: 20_999), "GasLimitTooLow", "gas limit below a transfer");
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, 5, gasLimit: 30_000_001), "GasLimitTooHigh", "gas limit above a block");

        // Nonce too low: once Alice's first transfer is in a block, the same nonce with another amount is stale.
        var firstIncluded = await node.WaitIncludedAsync(accepted[0].Hash.ToString());
        await RejectedAsync(TestHome.Transfer(alice, 0, recipient, 2_000), "NonceTooLow", "reused nonce 0");
        // ... and resending the included transaction itself is a duplicate.
        await RejectedAsync(accepted[0], "AlreadyKnown", "included transaction resent");

        // Nonce gap.
        var next = await node.PendingNonceAsync(alice.Address);
        await RejectedAsync(TestHome.Transfer(alice, next + 5, recipient, 1), "NonceGap", "nonce gap");

        // Insufficient balance: an empty account, and a funded one asking for more than it has.
        await RejectedAsync(TestHome.Transfer(node.Home.Unfunded, 0, recipient, 1), "InsufficientBalance", "unfunded sender");
        await RejectedAsync(TestHome.Transfer(bob, 0, recipient, TestHome.FundedBalance), "InsufficientBalance", "amount equal to the whole balance");

        // Duplicate: the same bytes twice in a row (the second finds it pending, or already in a block).
        var carolTx = TestHome.Transfer(carol, 0, recipient, 7);
        var batch = new JsonArray
        {
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "l1_sendTransaction", ["params"] = new JsonArray(Hex.Encode(carolTx.Encoded)) },
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "l1_sendTransaction", ["params"] = new JsonArray(Hex.Encode(carolTx.Encoded)) },
        };
        var (_, body, _) = await node.PostRawAsync(batch.ToJsonString());
        var answers = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(carolTx.Hash.ToString(), answers[0]!["result"]!.GetValue<string>());
        var duplicate = NodeFixture.ExpectError(answers[1]!.AsObject(), RpcErrorCodes.TransactionRejected, "duplicate");
        Assert.Equal("AlreadyKnown", duplicate["data"]!["reason"]!.GetValue<string>());
        accepted.Add(carolTx);

        // After all that: still producing, and everything accepted made it in.
        await node.WaitForHeightAsync(startHeight + 3);
        foreach (var tx in accepted) await node.WaitIncludedAsync(tx.Hash.ToString());
        Assert.Equal((UInt128)(3 * 1_000 + 7), await node.BalanceAsync(recipient));
        Assert.Equal(3UL, (await node.CallAsync("l1_getAccount", alice.Address.ToString()))!["nonce"]!.GetValue<ulong>());
        Assert.Equal(TestHome.FundedBalance, await node.BalanceAsync(bob.Address));
        Assert.Equal(UInt128.Zero, await node.BalanceAsync(node.Home.Unfunded.Address));
        Assert.Equal(accepted[0].Hash.ToString(), firstIncluded["hash"]!.GetValue<string>());
        await Wait.UntilAsync(async () => (await node.CallAsync("l1_mempool"))!["count"]!.GetValue<int>(), c => c == 0, "an empty mempool");
        node.AssertNoErrorsLogged(mark);
    }

    [Fact]
    public async Task Mutated_transactions_always_get_a_typed_rejection()
    {
        var mark = node.Logs.Mark();
        var sender = node.Home.Funded[5];
        var original = TestHome.Transfer(sender, 0, TestHome.RandomAddress(), 11).Encoded;

        // One mutation per case: flip a byte, truncate, or append; sequential so the node sees them one by one.
        var gen = Gen.OneOf(
            Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte[1, 255], (i, x) => { var b = (byte[])original.Clone(); b[i] ^= x; return b; }),
            Gen.Int[0, original.Length - 1].Select(n => original[..n]),
            Gen.Byte.Array[1, 40].Select(extra => (byte[])[.. original, .. extra]));
        var cases = new List<byte[]>();
        gen.Sample(b => cases.Add(b), iter: 200, threads: 1);

        foreach (var bytes in cases)
        {
            var response = await node.RequestAsync("l1_sendTransaction", new JsonArray(Hex.Encode(bytes)));
            if (response["result"] is not null) continue; // a mutation that still makes a valid transaction is fine
            var error = response["error"]!;
            var code = error["code"]!.GetValue<int>();
            var reason = error["data"]?["reason"]?.GetValue<string>();
            var what = $"{Hex.Encode(bytes)} -> {response.ToJsonString()}";
            Assert.True(code is RpcErrorCodes.InvalidTransaction or RpcErrorCodes.TransactionRejected, what);
            if (code == RpcErrorCodes.InvalidTransaction) Assert.True(reason == "malformed", what);
            else Assert.True(reason is not null && Reasons.Contains(reason), what);
        }

        // The untouched transaction is still accepted afterwards.
        Assert.NotNull(await node.CallAsync("l1_sendTransaction", Hex.Encode(original)));
        node.AssertNoErrorsLogged(mark);
    }
}
