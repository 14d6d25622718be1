using System.Text.Json.Nodes;

namespace Lamina.Node.Rpc;

/// <summary>A small JSON-RPC client for the CLI, rollup agents and tests: the same API outsiders use.</summary>
public sealed class LaminaRpcClient(Uri endpoint, HttpClient? http = null) : IDisposable
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
    private long _id;

    public Uri Endpoint { get; } = endpoint;

    public async Task<JsonNode?> CallAsync(string method, params object?[] parameters)
    {
        var args = new JsonArray();
        foreach (var p in parameters) args.Add(p is null ? null : JsonValue.Create(p));
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = args };
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(Endpoint, new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        }
        catch (HttpRequestException e)
        {
            throw new RpcException(RpcErrorCodes.InternalError, $"cannot reach {Endpoint}: {e.Message}; is the node running? (lamina devnet)");
        }
        catch (TaskCanceledException)
        {
            throw new RpcException(RpcErrorCodes.InternalError, $"{Endpoint} did not answer in time");
        }
        using (response)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            if (body is null) throw new RpcException(RpcErrorCodes.InternalError, $"empty response from {Endpoint}");
            if (body["error"] is JsonObject error)
            {
                throw new RpcException(error["code"]?.GetValue<int>() ?? RpcErrorCodes.InternalError, error["message"]?.GetValue<string>() ?? "unknown error", error["data"]?.DeepClone());
            }
            return body["result"];
        }
    }

    public void Dispose() => _http.Dispose();
}
