using System.Text.Json.Nodes;
using Lamina.Client.Views;
using Lamina.Core;

namespace Lamina.Client.Tests;

/// <summary>Views read what a node answers (shapes as Lamina.Node's JsonViews write them) and name the field that is wrong.</summary>
public sealed class ViewTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/rpc");
    private static readonly string HashA = "0x" + new string('a', 64);
    private static readonly string HashB = "0x" + new string('b', 64);
    private const string Addr = "0x00000000000000000000000000000000000abcde";

    private static ViewReader Reader(string json, string method = "l1_test") => ViewReader.Of(JsonNode.Parse(json), method, Endpoint);

    [Fact]
    public void An_included_transaction_reads_with_its_receipt_and_a_128_bit_amount()
    {
        var json = $$$"""
            {"hash":"{{{HashA}}}","kind":"transfer","chainId":"c","from":"{{{Addr}}}","nonce":3,"maxFeePerGas":10,"maxPriorityFeePerGas":2,
             "gasLimit":21000,"size":150,"to":"{{{Addr}}}","amount":"340282366920938463463374607431768211455","status":"included",
             "blockHeight":9,"blockHash":"{{{HashB}}}","index":0,"finalized":true,
             "receipt":{"status":"success","gasUsed":21000,"effectiveGasPrice":7,"burned":"100","tip":"2"}}
            """;
        var tx = TransactionView.Read(Reader(json));
        Assert.True(tx.IsIncluded);
        Assert.True(tx.Finalized);
        Assert.Equal(UInt128.MaxValue, tx.Amount);
        Assert.Equal(9UL, tx.BlockHeight);
        Assert.Equal(Hash256.Parse(HashB), tx.BlockHash);
        Assert.Equal(new ReceiptView("success", 21000, 7, 100, 2), tx.Receipt);
    }

    [Fact]
    public void A_pending_transaction_has_only_its_hash_and_status()
    {
        var tx = TransactionView.Read(Reader($$"""{"hash":"{{HashA}}","status":"pending"}"""));
        Assert.Equal(TransactionView.Pending, tx.Status);
        Assert.False(tx.Finalized);
        Assert.Null(tx.Receipt);
    }

    [Fact]
    public void A_block_reads_hashes_or_full_transactions()
    {
        const string header = "\"height\":5,\"previousHash\":\"{0}\",\"time\":1700000000000,\"proposer\":\"" + Addr + "\",\"stateRoot\":\"{0}\",\"txRoot\":\"{0}\",\"dataRoot\":\"{0}\",\"baseFeePerGas\":875,\"gasUsed\":0";
        var head = string.Format(System.Globalization.CultureInfo.InvariantCulture, header, HashB);
        var byHash = BlockView.Read(Reader($$"""{"hash":"{{HashA}}",{{head}},"transactions":["{{HashB}}"]}"""));
        Assert.Equal([Hash256.Parse(HashB)], byHash.TransactionHashes);
        Assert.Empty(byHash.Transactions);
        var full = BlockView.Read(Reader($$"""{"hash":"{{HashA}}",{{head}},"transactions":[{"hash":"{{HashB}}","from":"{{Addr}}","nonce":1}]}"""));
        Assert.Equal(Hash256.Parse(HashB), Assert.Single(full.Transactions).Hash);
        Assert.Equal(5UL, full.Height);
        Assert.Equal(875UL, full.BaseFeePerGas);
    }

    [Theory]
    [InlineData("{\"height\":1,\"hash\":\"0x12\",\"finalizedHeight\":1,\"time\":1}", "'hash' in the result is \"0x12\" where a 32-byte hex hash was expected")]
    [InlineData("{\"height\":-1}", "'height' in the result is -1 where an unsigned integer was expected")]
    [InlineData("{\"height\":\"1\"}", "'height' in the result is \"1\" where an unsigned integer was expected")]
    [InlineData("{}", "the result has no 'height' (an unsigned integer)")]
    public void A_wrong_field_is_named_in_the_error(string json, string expected)
    {
        var e = Assert.Throws<RpcClientException>(() => HeadView.Read(Reader(json, "l1_head")));
        Assert.Equal(RpcClientError.UnexpectedResult, e.Error);
        Assert.Equal($"l1_head at {Endpoint}: {expected}; is this a Lamina node of a matching version?", e.Message);
    }

    [Fact]
    public void A_nested_field_is_named_by_its_path()
    {
        var json = $$$"""{"hash":"{{{HashA}}}","status":"included","finalized":true,"receipt":{"status":"success","gasUsed":"lots"}}""";
        var e = Assert.Throws<RpcClientException>(() => TransactionView.Read(Reader(json)));
        Assert.Contains("'receipt.gasUsed' in the result is \"lots\"", e.Message);
    }

    [Fact]
    public void An_amount_must_be_a_decimal_string()
    {
        var json = $$"""{"address":"{{Addr}}","height":1,"balance":1000,"nonce":0,"pendingNonce":0}""";
        var e = Assert.Throws<RpcClientException>(() => AccountView.Read(Reader(json)));
        Assert.Contains("'balance' in the result is 1000 where a decimal amount string was expected", e.Message);
    }
}
