using System.Net;
using System.Net.Sockets;

namespace Lamina.Client.Tests;

/// <summary>
/// The client against everything that is not a Lamina node's /rpc: each defect ends in one typed error whose message
/// is one sentence naming the URL, never in a JsonException, an HttpRequestException or a NullReferenceException.
/// </summary>
public sealed class EndpointDefectTests : IAsyncLifetime
{
    private FakeEndpoint _server = null!;

    public async Task InitializeAsync() => _server = await FakeEndpoint.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("html-404", RpcClientError.HttpStatus, "answered HTTP 404 with text/html, not JSON-RPC: is this the node's /rpc URL?")]
    [InlineData("html-200", RpcClientError.NotJson, "answered HTTP 200 with text/html, not JSON-RPC: is this the node's /rpc URL?")]
    [InlineData("metrics-text", RpcClientError.NotJson, "answered HTTP 200 with text/plain, not JSON-RPC: is this the node's /rpc URL?")]
    [InlineData("empty-200", RpcClientError.NotJson, "answered HTTP 200 with an empty application/json body, not JSON-RPC")]
    [InlineData("no-content", RpcClientError.NotJson, "answered HTTP 204 with an empty untyped body, not JSON-RPC")]
    [InlineData("malformed-json", RpcClientError.MalformedJson, "with application/json that does not parse")]
    [InlineData("health-json", RpcClientError.NotJsonRpc, "has no \"jsonrpc\": \"2.0\"")]
    [InlineData("bare-null-result", RpcClientError.NotJsonRpc, "has no \"jsonrpc\": \"2.0\"")]
    [InlineData("null-result", RpcClientError.UnexpectedResult, "l1_head at")]
    [InlineData("wrong-shape", RpcClientError.UnexpectedResult, "the result has no 'height' (an unsigned integer)")]
    [InlineData("number-result", RpcClientError.UnexpectedResult, "the result is a number where an object was expected")]
    [InlineData("array-body", RpcClientError.NotJsonRpc, "not a JSON-RPC response object")]
    [InlineData("wrong-id", RpcClientError.NotJsonRpc, "with id")]
    [InlineData("http-500-json", RpcClientError.HttpStatus, "answered HTTP 500 (Internal Server Error) without a JSON-RPC error")]
    public async Task A_wrong_answer_is_one_typed_error_with_a_sentence(string defect, RpcClientError expected, string sentence)
    {
        using var client = new LaminaRpcClient(_server.Url(defect), TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<RpcClientException>(() => client.GetHeadAsync());
        Assert.Equal(expected, e.Error);
        Assert.Equal(_server.Url(defect), e.Endpoint);
        Assert.Contains(sentence, e.Message);
        Assert.StartsWith(expected == RpcClientError.UnexpectedResult ? "l1_head at " + _server.Url(defect) : _server.Url(defect).ToString(), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("Exception", e.Message);
    }

    [Fact]
    public async Task A_hung_endpoint_is_a_timeout_not_a_server_error()
    {
        using var client = new LaminaRpcClient(_server.Url("hang"), TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<RpcClientException>(() => client.GetChainIdAsync());
        Assert.Equal(RpcClientError.TimedOut, e.Error);
        Assert.Contains("did not answer l1_chainId within 0.3 s", e.Message);
    }

    [Fact]
    public async Task Nothing_listening_is_unreachable_and_says_what_to_do()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new LaminaRpcClient(new Uri($"http://127.0.0.1:{port}/rpc"));
        var e = await Assert.ThrowsAsync<RpcClientException>(() => client.CallAsync("l1_head"));
        Assert.Equal(RpcClientError.Unreachable, e.Error);
        Assert.Contains("is the node running?", e.Message);
    }

    [Fact]
    public async Task The_caller_cancelling_is_a_cancellation_not_a_client_error()
    {
        using var client = new LaminaRpcClient(_server.Url("hang"), TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetHeadAsync(cancel.Token));
    }

    [Fact]
    public async Task A_node_error_is_an_RpcException_with_its_code_and_reason()
    {
        using var client = new LaminaRpcClient(_server.Url("rpc-error"));
        var e = await Assert.ThrowsAsync<RpcException>(() => client.SendTransactionAsync(new byte[] { 1, 2, 3 }));
        Assert.Equal(RpcErrorCodes.TransactionRejected, e.Code);
        Assert.Equal("NonceTooLow", e.Reason);
        Assert.Equal("nonce too low", e.Message);
    }

    [Fact]
    public async Task A_null_result_means_unknown_where_the_method_allows_it()
    {
        using var client = new LaminaRpcClient(_server.Url("null-result"));
        Assert.Null(await client.GetTransactionAsync(Core.Hash256.Zero));
        Assert.Null(await client.GetValidatorAsync(default));
        var e = await Assert.ThrowsAsync<RpcClientException>(() => client.GetChainIdAsync());
        Assert.Contains("the result is null where the chain id string was expected", e.Message);
    }

    [Fact]
    public async Task A_batch_to_a_wrong_endpoint_is_a_typed_error_too()
    {
        using var client = new LaminaRpcClient(_server.Url("health-json"));
        var e = await Assert.ThrowsAsync<RpcClientException>(() => client.BatchAsync([("l1_head", null), ("l1_chainId", null)]));
        Assert.Equal(RpcClientError.NotJsonRpc, e.Error);
    }
}
