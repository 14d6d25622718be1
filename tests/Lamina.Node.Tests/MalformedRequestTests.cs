using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Lamina.Node.Hosting;
using Lamina.Client;
using Lamina.Node.Rpc;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>Whatever arrives at /rpc, the answer is a JSON-RPC response with the right error code, never an HTTP 500.</summary>
public sealed class MalformedRequestTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly string Address = "0x" + new string('a', 40);

    /// <summary>Posts a raw body and returns its single JSON-RPC error object after checking the code.</summary>
    private async Task<JsonObject> ExpectErrorAsync(string body, int code)
    {
        var (status, text, contentType) = await node.PostRawAsync(body);
        Assert.True(status == HttpStatusCode.OK, $"body {body}: HTTP {(int)status} {text}");
        Assert.Equal("application/json", contentType);
        var response = JsonNode.Parse(text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"body {body}: not a JSON object: {text}");
        Assert.Equal("2.0", response["jsonrpc"]?.GetValue<string>());
        Assert.False(response.ContainsKey("result"), $"body {body}: an error response must not carry a result: {text}");
        return NodeFixture.ExpectError(response, code, $"body {body}");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_head\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_head\"} trailing")]
    [InlineData("[1,2")]
    [InlineData("{'jsonrpc':'2.0'}")]
    public async Task Invalid_json_is_a_parse_error(string body)
    {
        var error = await ExpectErrorAsync(body, RpcErrorCodes.ParseError);
        Assert.Contains("JSON", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"l1_head\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("{\"id\":1,\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":null,\"id\":1,\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":[\"l1_head\"]}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_head\",\"params\":5}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_head\",\"params\":\"x\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_head\",\"params\":true}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"l1_head\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"l1_head\"}")]
    [InlineData("[]")]
    public async Task Invalid_requests_are_rejected_as_invalid_request(string body)
    {
        await ExpectErrorAsync(body, RpcErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Invalid_request_echoes_a_valid_id_and_nulls_a_bad_one()
    {
        var (_, text, _) = await node.PostRawAsync("{\"jsonrpc\":\"1.0\",\"id\":\"abc\",\"method\":\"l1_head\"}");
        Assert.Equal("abc", JsonNode.Parse(text)!["id"]!.GetValue<string>());
        (_, text, _) = await node.PostRawAsync("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"l1_head\"}");
        var response = JsonNode.Parse(text)!.AsObject();
        Assert.True(response.ContainsKey("id") && response["id"] is null, text);
    }

    [Fact]
    public async Task Unknown_method_is_method_not_found_and_lists_the_methods()
    {
        var error = await ExpectErrorAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_blockNumber\"}", RpcErrorCodes.MethodNotFound);
        var message = error["message"]!.GetValue<string>();
        Assert.Contains("eth_blockNumber", message);
        foreach (var name in L1RpcMethods.Names) Assert.Contains(name, message);
    }

    public static TheoryData<string, string> BadParams => new()
    {
        { "l1_getBlock", "[]" },
        { "l1_getBlock", "[null]" },
        { "l1_getBlock", "[-1]" },
        { "l1_getBlock", "[1.5]" },
        { "l1_getBlock", "[true]" },
        { "l1_getBlock", "[{}]" },
        { "l1_getBlock", "[\"abc\"]" },
        { "l1_getBlock", "[\"0x1234\"]" },
        { "l1_getBlock", "[\"0x" + new string('z', 64) + "\"]" },
        { "l1_getBlock", "[\"18446744073709551616\"]" },
        { "l1_getBlock", "{\"height\":1}" },
        { "l1_getBlock", "[1,\"yes\"]" },
        { "l1_getBlock", "[1,1]" },
        { "l1_getBlock", "{\"block\":1,\"full\":\"true\"}" },
        { "l1_getStateProof", "[]" },
        { "l1_getStateProof", "[42]" },
        { "l1_getStateProof", "[\"0x1234\"]" },
        { "l1_getStateProof", "[\"0x" + new string('0', 64) + "\", \"soon\"]" },
        { "l1_getAccount", "[]" },
        { "l1_getAccount", "[42]" },
        { "l1_getAccount", "[\"0x1234\"]" },
        { "l1_getAccount", "[\"" + new string('a', 40) + "g\"]" },
        { "l1_getAccount", "[\"0x" + new string('g', 40) + "\"]" },
        { "l1_getAccount", "[\"" + "0xaaaa" + "\", \"x\"]" },
        { "l1_getAccount", "[\"0x" + new string('a', 40) + "\", -3]" },
        { "l1_getAccount", "{\"addr\":\"0x" + new string('a', 40) + "\"}" },
        { "l1_getAccountProof", "[]" },
        { "l1_getAccountProof", "[\"nope\"]" },
        { "l1_getAccountProof", "[\"0x" + new string('a', 40) + "\", \"tall\"]" },
        { "l1_getTransaction", "[]" },
        { "l1_getTransaction", "[123]" },
        { "l1_getTransaction", "[\"0x1234\"]" },
        { "l1_getTransaction", "[\"0x" + new string('a', 40) + "\"]" },
        { "l1_sendTransaction", "[]" },
        { "l1_sendTransaction", "[7]" },
        { "l1_sendTransaction", "[null]" },
        { "l1_sendTransaction", "[\"0xnothex\"]" },
        { "l1_sendTransaction", "[\"0xabc\"]" },
        { "l1_getCommit", "[\"minus one\"]" },
        { "l1_getCommit", "[-1]" },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task Missing_or_wrong_typed_params_are_invalid_params(string method, string parameters)
    {
        await ExpectErrorAsync($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{parameters}}}", RpcErrorCodes.InvalidParams);
    }

    [Fact]
    public async Task Valid_address_with_uppercase_hex_is_accepted()
    {
        var result = await node.CallAsync("l1_getAccount", "0x" + new string('A', 40));
        Assert.Equal(Address, result!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_of_mixed_requests_answers_each_in_order()
    {
        var body = "[" +
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_chainId\"}," +
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"l1_nope\"}," +
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"l1_getAccount\",\"params\":[\"bad\"]}" +
            "]";
        var (status, text, _) = await node.PostRawAsync(body);
        Assert.Equal(HttpStatusCode.OK, status);
        var responses = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(3, responses.Count);
        Assert.Equal(1, responses[0]!["id"]!.GetValue<int>());
        Assert.Equal(TestHome.ChainId, responses[0]!["result"]!.GetValue<string>());
        Assert.Equal(2, responses[1]!["id"]!.GetValue<int>());
        Assert.Equal(RpcErrorCodes.MethodNotFound, responses[1]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(3, responses[2]!["id"]!.GetValue<int>());
        Assert.Equal(RpcErrorCodes.InvalidParams, responses[2]!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batch_with_non_object_items_answers_each_and_skips_notifications()
    {
        var (_, text, _) = await node.PostRawAsync("[1, {\"jsonrpc\":\"2.0\",\"method\":\"l1_head\"}, \"x\", {\"jsonrpc\":\"2.0\",\"id\":\"h\",\"method\":\"l1_head\"}]");
        var responses = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(3, responses.Count);
        Assert.Equal(RpcErrorCodes.InvalidRequest, responses[0]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(RpcErrorCodes.InvalidRequest, responses[1]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal("h", responses[2]!["id"]!.GetValue<string>());
        Assert.NotNull(responses[2]!["result"]!["height"]);
    }

    [Fact]
    public async Task Oversized_batch_is_refused()
    {
        var items = string.Join(",", Enumerable.Range(0, JsonRpcServer.MaxBatch + 1).Select(i => $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"l1_chainId\"}}"));
        var error = await ExpectErrorAsync("[" + items + "]", RpcErrorCodes.InvalidRequest);
        Assert.Contains(JsonRpcServer.MaxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture), error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notifications_get_204_and_no_body()
    {
        var (status, text, _) = await node.PostRawAsync("{\"jsonrpc\":\"2.0\",\"method\":\"l1_head\"}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", text);

        // A notification for an unknown method or with bad params is still silent (the spec forbids replying).
        (status, text, _) = await node.PostRawAsync("{\"jsonrpc\":\"2.0\",\"method\":\"l1_nope\"}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", text);

        (status, text, _) = await node.PostRawAsync("[{\"jsonrpc\":\"2.0\",\"method\":\"l1_head\"},{\"jsonrpc\":\"2.0\",\"method\":\"l1_chainId\"}]");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", text);
    }

    [Fact]
    public async Task Duplicate_member_names_get_a_json_rpc_error_not_a_500()
    {
        var mark = node.Logs.Mark();
        foreach (var body in new[]
                 {
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"l1_chainId\"}",
                     "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_chainId\"}",
                     "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_chainId\",\"method\":\"l1_head\"}]",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_getAccount\",\"params\":{\"address\":\"0x" + new string('a', 40) + "\",\"address\":\"x\"}}",
                 })
        {
            var (status, text, _) = await node.PostRawAsync(body);
            Assert.True(status != HttpStatusCode.InternalServerError, $"body {body}: HTTP 500");
            var response = JsonNode.Parse(text);
            var error = (response is JsonArray a ? a[0] : response)?["error"];
            Assert.True(error is JsonObject, $"body {body}: expected a JSON-RPC error, got {text}");
            var code = error!["code"]!.GetValue<int>();
            Assert.True(code is RpcErrorCodes.ParseError or RpcErrorCodes.InvalidRequest or RpcErrorCodes.InvalidParams, $"body {body}: {text}");
        }
        node.AssertNoErrorsLogged(mark);
    }

    [Fact]
    public async Task Lone_surrogate_escapes_get_a_json_rpc_error_not_a_500()
    {
        var mark = node.Logs.Mark();
        foreach (var body in new[]
                 {
                     "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"l1_chainId\"}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_\\udc00\"}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_getAccount\",\"params\":[\"\\ud800\"]}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_getAccount\",\"params\":{\"\\ud800\":1}}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_chainId\",\"\\udfff\":0}",
                 })
        {
            var (status, text, _) = await node.PostRawAsync(body);
            Assert.True(status == HttpStatusCode.OK, $"body {body}: HTTP {(int)status} {text}");
            var error = JsonNode.Parse(text)?["error"];
            Assert.True(error is JsonObject, $"body {body}: expected a JSON-RPC error, got {text}");
            Assert.NotEqual(RpcErrorCodes.InternalError, error!["code"]!.GetValue<int>());
        }
        node.AssertNoErrorsLogged(mark);
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_parse_error()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);
        await ExpectErrorAsync(body, RpcErrorCodes.ParseError);
    }

    [Fact]
    public async Task Body_over_the_limit_gets_an_error_response_and_the_node_keeps_serving()
    {
        var mark = node.Logs.Mark();
        var filler = new string('a', LaminaNodeHost.MaxRequestBytes);
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_getAccount\",\"params\":[\"" + filler + "\"]}";

        // A declared length over the limit is refused from the headers alone. The body is not sent: a server that
        // refuses closes without reading it, and a client still writing would see its connection reset before it
        // could read the answer (the race that made this test flaky when it posted the whole body).
        var (status, text) = await PostHeadersOnlyAsync(Encoding.UTF8.GetByteCount(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(RpcErrorCodes.InvalidRequest, error["code"]!.GetValue<int>());

        // Chunked (no Content-Length): the limit still holds. The server can only tell once it has read past the
        // limit, so the client may be cut off mid-upload; either way it gets no 500 and nothing is executed.
        using (var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))))
        {
            var request = new HttpRequestMessage(HttpMethod.Post, node.RpcUri) { Content = content };
            request.Headers.TransferEncodingChunked = true;
            try
            {
                using var response = await node.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                // Refused by closing the connection during the upload: the answer the client can still see.
            }
        }

        // Just under the limit is served normally (as a params error).
        var under = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"l1_getAccount\",\"params\":[\"" + new string('a', LaminaNodeHost.MaxRequestBytes - 200) + "\"]}";
        await ExpectErrorAsync(under, RpcErrorCodes.InvalidParams);

        Assert.Equal(TestHome.ChainId, (await node.CallAsync("l1_chainId"))!.GetValue<string>());
        node.AssertNoErrorsLogged(mark);
    }

    /// <summary>Sends a POST to /rpc whose headers declare <paramref name="contentLength"/> bytes and no body, and reads the answer.</summary>
    private async Task<(HttpStatusCode Status, string Body)> PostHeadersOnlyAsync(int contentLength)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(node.RpcUri.Host, node.RpcUri.Port);
        var stream = tcp.GetStream();
        var head = $"POST {node.RpcUri.PathAndQuery} HTTP/1.1\r\nHost: {node.RpcUri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync() ?? throw new Xunit.Sdk.XunitException("no status line");
        var length = -1;
        var chunked = false;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
        }
        var text = new StringBuilder();
        if (chunked)
        {
            // Chunk sizes in hex, each chunk followed by CRLF; a zero-size chunk ends the body. The JSON is ASCII.
            for (var size = int.Parse((await reader.ReadLineAsync())!, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture); size > 0;
                 size = int.Parse((await reader.ReadLineAsync())!, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture))
            {
                text.Append(await ReadCharsAsync(reader, size));
                await reader.ReadLineAsync();
            }
        }
        else
        {
            text.Append(await ReadCharsAsync(reader, Math.Max(length, 0)));
        }
        return ((HttpStatusCode)int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text.ToString());
    }

    private static async Task<string> ReadCharsAsync(StreamReader reader, int count)
    {
        var buffer = new char[count];
        var read = 0;
        while (read < count)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read));
            if (n == 0) break;
            read += n;
        }
        return new string(buffer, 0, read);
    }

    [Fact]
    public async Task Random_garbage_always_gets_a_json_rpc_error_never_a_500()
    {
        var mark = node.Logs.Mark();
        // Structured-ish garbage: fragments of JSON-RPC glued at random, plus raw bytes and random strings.
        string[] fragments =
        [
            "{", "}", "[", "]", ",", ":", "\"jsonrpc\"", "\"2.0\"", "\"id\"", "\"method\"", "\"params\"", "\"l1_getBlock\"", "\"l1_getAccount\"",
            "\"l1_sendTransaction\"", "\"l1_getTransaction\"", "null", "true", "1", "-1", "1e400", "18446744073709551616", "\"0x\"", "\"0xzz\"", "\"\\u0000\"", "\"\\ud800\"",
        ];
        var genFragments = Gen.Int[0, fragments.Length - 1].Array[0, 30].Select(ix => string.Concat(ix.Select(i => fragments[i])));
        var genBytes = Gen.Byte.Array[0, 300].Select(b => b);
        var genString = Gen.String.Select(s => s);
        var gen = Gen.OneOf(
            genFragments.Select(s => Encoding.UTF8.GetBytes(s)),
            genBytes,
            genString.Select(s => Encoding.UTF8.GetBytes(s)));

        var inputs = new List<byte[]>();
        gen.Sample(b => inputs.Add(b), iter: 300, threads: 1);
        Assert.Equal(300, inputs.Count);
        foreach (var input in inputs)
        {
            var (status, text, _) = await node.PostRawAsync(input);
            var shown = Convert.ToHexString(input);
            Assert.True(status != HttpStatusCode.InternalServerError, $"input {shown}: HTTP 500 {text}");
            if (status == HttpStatusCode.NoContent)
            {
                // Only a notification (or a batch of them) may go unanswered.
                Assert.Equal("", text);
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, status);
            var response = JsonNode.Parse(text);
            var first = response is JsonArray array ? array[0] : response;
            Assert.True(first is JsonObject o && (o.ContainsKey("error") || o.ContainsKey("result")), $"input {shown}: {text}");
            if (first!["error"] is JsonObject error) Assert.NotEqual(RpcErrorCodes.InternalError, error["code"]!.GetValue<int>());
        }
        Assert.Equal(TestHome.ChainId, (await node.CallAsync("l1_chainId"))!.GetValue<string>());
        node.AssertNoErrorsLogged(mark);
    }

    [Fact]
    public async Task Random_non_json_bytes_always_get_a_parse_error()
    {
        // Bytes that can never start JSON (after optional whitespace) must be a -32700 with an "error" member.
        var inputs = new List<byte[]>();
        Gen.Byte.Array[1, 200].Where(b => !IsJsonStart(b)).Sample(b => inputs.Add(b), iter: 100, threads: 1);
        foreach (var input in inputs)
        {
            var (status, text, _) = await node.PostRawAsync(input);
            Assert.True(status == HttpStatusCode.OK, $"input {Convert.ToHexString(input)}: HTTP {(int)status} {text}");
            Assert.Equal(RpcErrorCodes.ParseError, JsonNode.Parse(text)!["error"]!["code"]!.GetValue<int>());
        }
    }

    private static bool IsJsonStart(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimStart(' ', '\t', '\r', '\n', '\uFEFF');
        return text.Length == 0 || "{[\"-0123456789tfn".Contains(text[0]);
    }

    [Fact]
    public async Task Get_on_rpc_is_not_a_500()
    {
        using var response = await node.Http.GetAsync(node.RpcUri);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
