using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lamina.Client;

/// <summary>
/// The JSON-RPC 2.0 client for a Lamina node: the same API outsiders use, for the CLI, rollup agents, wallets, benches
/// and tests. Every answer is checked (HTTP status, content type, JSON-RPC shape, id) before it is trusted, so a
/// wrong URL, a proxy's error page or a hung endpoint ends in one typed error with a sentence, never in a parser's
/// exception: <see cref="RpcException"/> when the node answered with a JSON-RPC error, <see cref="RpcClientException"/>
/// for everything else. Typed methods (l1_*) are in LaminaRpcClient.L1.cs.
/// </summary>
public sealed partial class LaminaRpcClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A node's largest answer (a full block of transactions, a batch) is a few MiB; anything far beyond is not a node.</summary>
    private const int MaxResponseBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private long _id;

    /// <summary>A client with its own HttpClient and the given timeout per call (default 15 s).</summary>
    public LaminaRpcClient(Uri endpoint, TimeSpan? timeout = null)
        : this(endpoint, new HttpClient { Timeout = timeout ?? DefaultTimeout, MaxResponseContentBufferSize = MaxResponseBytes }, ownsHttp: true)
    {
    }

    /// <summary>A client over a shared HttpClient (its timeout applies); the caller keeps ownership of it.</summary>
    public LaminaRpcClient(Uri endpoint, HttpClient http) : this(endpoint, http, ownsHttp: false)
    {
    }

    private LaminaRpcClient(Uri endpoint, HttpClient http, bool ownsHttp)
    {
        Endpoint = endpoint;
        _http = http;
        _ownsHttp = ownsHttp;
    }

    public Uri Endpoint { get; }

    /// <summary>Calls <paramref name="method"/> with positional parameters (each serialized as JSON) and returns its result.</summary>
    public Task<JsonNode?> CallAsync(string method, params object?[] parameters) => RequestAsync(method, Positional(parameters));

    /// <summary>Calls <paramref name="method"/> and returns its result, which may be JSON null.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellation = default)
    {
        var id = Interlocked.Increment(ref _id);
        var body = await PostAsync(Request(id, method, parameters).ToJsonString(), method, cancellation);
        return Checked(() => ResponseOf(body, id, method).Value, method);
    }

    /// <summary>
    /// Sends several calls as one JSON-RPC batch and returns one outcome per call, in order: a result, or the node's
    /// error for that call. A batch the node refuses as a whole throws its <see cref="RpcException"/>.
    /// </summary>
    public async Task<RpcOutcome[]> BatchAsync(IReadOnlyList<(string Method, JsonNode? Parameters)> calls, CancellationToken cancellation = default)
    {
        if (calls.Count == 0) return [];
        var batch = new JsonArray();
        var first = Interlocked.Add(ref _id, calls.Count) - calls.Count + 1;
        for (var i = 0; i < calls.Count; i++) batch.Add(Request(first + i, calls[i].Method, calls[i].Parameters));
        var what = $"a batch of {calls.Count} {calls[0].Method}";
        var body = await PostAsync(batch.ToJsonString(), what, cancellation);
        return Checked(() => Outcomes(body, calls, first, what), what);
    }

    private RpcOutcome[] Outcomes(JsonNode? body, IReadOnlyList<(string Method, JsonNode? Parameters)> calls, long first, string what)
    {
        if (body is JsonObject whole) _ = ResponseOf(whole, null, what); // the batch itself was refused: throws its error
        if (body is not JsonArray responses) throw NotJsonRpc($"answered {what} with {Describe(body)}, not an array of JSON-RPC responses");
        var outcomes = new RpcOutcome?[calls.Count];
        foreach (var item in responses)
        {
            var id = IdOf(item);
            if (id is not { } n || n < first || n >= first + calls.Count) throw NotJsonRpc($"answered {what} with a response for an id it was not asked ({item?["id"]?.ToJsonString() ?? "none"})");
            var index = (int)(n - first);
            try
            {
                outcomes[index] = new RpcOutcome(ResponseOf(item, n, calls[index].Method).Value, null);
            }
            catch (RpcException e)
            {
                outcomes[index] = new RpcOutcome(null, e);
            }
        }
        var result = new RpcOutcome[calls.Count];
        for (var i = 0; i < calls.Count; i++) result[i] = outcomes[i] ?? throw NotJsonRpc($"answered {what} without a response to call {i + 1} ({calls[i].Method})");
        return result;
    }

    private static JsonObject Request(long id, string method, JsonNode? parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null) request["params"] = parameters;
        return request;
    }

    public static JsonArray Positional(object?[] parameters)
    {
        var args = new JsonArray();
        foreach (var p in parameters) args.Add(p is null ? null : p as JsonNode ?? JsonValue.Create(p));
        return args;
    }

    private async Task<JsonNode?> PostAsync(string json, string what, CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            response = await _http.PostAsync(Endpoint, content, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new RpcClientException(RpcClientError.Unreachable, Endpoint, $"cannot reach {Endpoint} ({e.Message}): is the node running? (lamina devnet)", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new RpcClientException(RpcClientError.TimedOut, Endpoint,
                $"{Endpoint} did not answer {what} within {_http.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: is the node overloaded, or is this not its /rpc URL?", e);
        }
        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(cancellation);
            }
            catch (HttpRequestException e)
            {
                throw new RpcClientException(RpcClientError.Unreachable, Endpoint, $"{Endpoint} broke off its answer to {what} ({e.Message}): is the node running?", e);
            }
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var isJson = mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
            var shown = text.Length == 0 ? $"an empty {mediaType ?? "untyped"} body" : mediaType ?? "a body without a content type";
            if (!isJson || text.Length == 0)
            {
                var error = response.IsSuccessStatusCode ? RpcClientError.NotJson : RpcClientError.HttpStatus;
                throw new RpcClientException(error, Endpoint, $"{Endpoint} answered HTTP {status} with {shown}, not JSON-RPC: is this the node's /rpc URL?");
            }
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new RpcClientException(RpcClientError.MalformedJson, Endpoint, $"{Endpoint} answered HTTP {status} with {mediaType} that does not parse ({FirstSentence(e.Message)}): is this the node's /rpc URL?", e);
            }
            // A node's error status (413 for an oversized body) still carries a JSON-RPC error: let the caller see it.
            if (!response.IsSuccessStatusCode && !(body is JsonObject o && o["error"] is JsonObject))
            {
                throw new RpcClientException(RpcClientError.HttpStatus, Endpoint, $"{Endpoint} answered HTTP {status} ({response.ReasonPhrase}) without a JSON-RPC error: is this the node's /rpc URL?");
            }
            return body;
        }
    }

    /// <summary>Checks one response object and returns its result, or throws the node's error.</summary>
    private RpcResponse ResponseOf(JsonNode? node, long? expectedId, string what)
    {
        if (node is not JsonObject response) throw NotJsonRpc($"answered {what} with {Describe(node)}, not a JSON-RPC response object");
        if (!(response["jsonrpc"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "2.0"))
        {
            throw NotJsonRpc($"answered {what} with JSON that has no \"jsonrpc\": \"2.0\", so it is not a JSON-RPC response");
        }
        if (response["error"] is JsonObject error)
        {
            var code = error["code"] is JsonValue c && c.GetValueKind() == JsonValueKind.Number && c.TryGetValue<int>(out var n) ? n : (int?)null;
            var message = error["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
            if (code is null || message is null) throw NotJsonRpc($"answered {what} with an error object without an integer code and a message");
            throw new RpcException(code.Value, message, error["data"]?.DeepClone());
        }
        if (expectedId is { } id && IdOf(response) != id) throw NotJsonRpc($"answered {what} (request id {id}) with id {response["id"]?.ToJsonString() ?? "null"}");
        if (!response.ContainsKey("result")) throw NotJsonRpc($"answered {what} with neither a result nor an error");
        return new RpcResponse(response["result"]);
    }

    private readonly record struct RpcResponse(JsonNode? Value);

    /// <summary>
    /// System.Text.Json parses a lone UTF-16 surrogate escape ("\ud800") but throws InvalidOperationException when the
    /// string is read; that is malformed JSON from the client's point of view, not a bug to surface as such.
    /// </summary>
    internal T Checked<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            throw new RpcClientException(RpcClientError.MalformedJson, Endpoint, $"{Endpoint} answered {what} with a JSON string that is not valid UTF-16: is this the node's /rpc URL?", e);
        }
    }

    private static long? IdOf(JsonNode? response)
        => response is JsonObject o && o["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var id) ? id : null;

    private RpcClientException NotJsonRpc(string sentence)
        => new(RpcClientError.NotJsonRpc, Endpoint, $"{Endpoint} {sentence}: is this the node's /rpc URL?");

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
