using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lamina.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Support;

/// <summary>
/// One real node per test class: RocksDB in a temp home, Kestrel on 127.0.0.1, a block every 50 ms.
/// Stopped and deleted on dispose.
/// </summary>
public class NodeFixture : IAsyncLifetime
{
    private long _id;

    public TestHome Home { get; } = new();
    public WebApplication? App { get; private set; }
    public CapturingLoggerProvider Logs { get; private set; } = new();
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(15) };
    public Uri RpcUri => new(Home.BaseUri, "rpc");

    /// <summary>Modules beside the built-in ones (a test's role factory, for instance), set before the node starts.</summary>
    public IReadOnlyList<Lamina.Node.Modules.INodeModule> ExtraModules { get; set; } = [];

    public virtual Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        if (App is not null) throw new InvalidOperationException("node is already running");
        Logs = new CapturingLoggerProvider();
        var logs = Logs;
        var app = LaminaNodeHost.Build(Home.Path, l =>
        {
            l.ClearProviders();
            l.AddProvider(logs);
        }, ExtraModules);
        await app.StartAsync();
        App = app;
    }

    public async Task StopAsync()
    {
        if (App is null) return;
        var app = App;
        App = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Http.Dispose();
            Home.Dispose();
        }
    }

    /// <summary>Posts a raw body to /rpc and returns the status and the body text.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> PostRawAsync(string body) => await PostRawAsync(Encoding.UTF8.GetBytes(body));

    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> PostRawAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(RpcUri, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends one request and returns the whole response object (result or error).</summary>
    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters = null)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method };
        if (parameters is not null) request["params"] = parameters;
        var (status, body, _) = await PostRawAsync(request.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"{method}: HTTP {(int)status}: {body}");
        var response = JsonNode.Parse(body) as JsonObject ?? throw new Xunit.Sdk.XunitException($"{method}: response is not a JSON object: {body}");
        Assert.Equal("2.0", response["jsonrpc"]?.GetValue<string>());
        Assert.Equal(request["id"]!.GetValue<long>(), response["id"]!.GetValue<long>());
        return response;
    }

    /// <summary>Calls a method with positional parameters and returns its result; fails the test on a JSON-RPC error.</summary>
    public async Task<JsonNode?> CallAsync(string method, params JsonNode?[] parameters)
    {
        var response = await RequestAsync(method, new JsonArray(parameters));
        if (response["error"] is JsonObject error) throw new Xunit.Sdk.XunitException($"{method} failed: {error.ToJsonString()}");
        Assert.True(response.ContainsKey("result"), $"{method}: response has neither result nor error: {response.ToJsonString()}");
        return response["result"];
    }

    /// <summary>Calls a method expecting an error; returns the error object after checking its code.</summary>
    public async Task<JsonObject> CallErrorAsync(int expectedCode, string method, params JsonNode?[] parameters)
        => ExpectError(await RequestAsync(method, new JsonArray(parameters)), expectedCode, method);

    public static JsonObject ExpectError(JsonObject response, int expectedCode, string what)
    {
        var error = response["error"] as JsonObject ?? throw new Xunit.Sdk.XunitException($"{what}: expected error {expectedCode}, got {response.ToJsonString()}");
        Assert.True(error["code"]!.GetValue<int>() == expectedCode, $"{what}: expected error {expectedCode}, got {error.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(error["message"]?.GetValue<string>()), $"{what}: error without a message");
        return error;
    }

    public async Task<ulong> HeightAsync() => (await CallAsync("l1_head"))!["height"]!.GetValue<ulong>();

    /// <summary>Waits until the head is at least <paramref name="height"/>.</summary>
    public Task<ulong> WaitForHeightAsync(ulong height, TimeSpan? timeout = null)
        => Wait.UntilAsync(HeightAsync, h => h >= height, $"height {height}", timeout);

    /// <summary>Waits until a transaction is included and returns its l1_getTransaction view.</summary>
    public async Task<JsonObject> WaitIncludedAsync(string hash, TimeSpan? timeout = null)
        => (await Wait.UntilAsync(async () => (await CallAsync("l1_getTransaction", hash)) as JsonObject,
            t => t?["status"]?.GetValue<string>() == "included", $"transaction {hash} to be included", timeout))!;

    public async Task<ulong> PendingNonceAsync(Lamina.Core.Address address)
        => (await CallAsync("l1_getAccount", address.ToString()))!["pendingNonce"]!.GetValue<ulong>();

    public async Task<UInt128> BalanceAsync(Lamina.Core.Address address, ulong? height = null)
    {
        var result = height is null ? await CallAsync("l1_getAccount", address.ToString()) : await CallAsync("l1_getAccount", address.ToString(), height.Value);
        return UInt128.Parse(result!["balance"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Fails the test if the node logged an error (an unexpected exception somewhere inside it).</summary>
    public void AssertNoErrorsLogged(int mark = 0)
    {
        var errors = Logs.ErrorsSince(mark).ToList();
        Assert.True(errors.Count == 0, "the node logged errors:\n" + string.Join("\n", errors));
    }
}
