using Lamina.Client;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lamina.Node.Rpc;

/// <summary>
/// JSON-RPC 2.0 framing: single and batch requests, notifications, and the standard error codes; each call goes to
/// the method set of its namespace (l1_, da_, …), which node modules register. Whatever the input, the answer is a
/// JSON-RPC response, never an HTTP 500.
/// </summary>
public sealed class JsonRpcServer(IEnumerable<IRpcMethodSet> methodSets, ILogger<JsonRpcServer> logger)
{
    private readonly RpcNamespaces _namespaces = new(methodSets);

    public const int MaxBatch = 100;

    /// <summary>
    /// Duplicate member names are refused at parse time: JsonObject would otherwise throw ArgumentException on first
    /// access (an HTTP 500), and "first wins" versus "last wins" is exactly the ambiguity a request must not have.
    /// </summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Handles one HTTP body; returns the response JSON, or null when every request was a notification. Asynchronous
    /// end to end: a method that waits (<see cref="IRpcMethodSet.InvokeAsync"/>) holds no thread-pool thread meanwhile,
    /// so many concurrent senders do not make the pool grow. The requests of a batch run in order.
    /// </summary>
    public async Task<string?> HandleAsync(string body, CancellationToken cancellationToken = default)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: ParseOptions);
        }
        catch (JsonException e)
        {
            return Error(null, RpcErrorCodes.ParseError, $"request is not valid JSON: {e.Message}").ToJsonString();
        }
        catch (InvalidOperationException)
        {
            return Error(null, RpcErrorCodes.ParseError, UnpairedSurrogate).ToJsonString();
        }
        if (!StringsAreWellFormed(root)) return Error(null, RpcErrorCodes.ParseError, UnpairedSurrogate).ToJsonString();

        if (root is JsonArray batch)
        {
            if (batch.Count == 0) return Error(null, RpcErrorCodes.InvalidRequest, "empty batch").ToJsonString();
            if (batch.Count > MaxBatch) return Error(null, RpcErrorCodes.InvalidRequest, $"batch of {batch.Count} exceeds the limit of {MaxBatch}").ToJsonString();
            var responses = new JsonArray();
            foreach (var item in batch)
            {
                var response = await HandleOneAsync(item, cancellationToken);
                if (response is not null) responses.Add(response);
            }
            return responses.Count == 0 ? null : responses.ToJsonString();
        }
        return (await HandleOneAsync(root, cancellationToken))?.ToJsonString();
    }

    private async ValueTask<JsonObject?> HandleOneAsync(JsonNode? request, CancellationToken cancellationToken)
    {
        if (request is not JsonObject obj) return Error(null, RpcErrorCodes.InvalidRequest, "a request must be a JSON object");
        var id = obj["id"]?.DeepClone();
        if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return Error(null, RpcErrorCodes.InvalidRequest, "id must be a string, a number or absent");
        }
        var isNotification = !obj.ContainsKey("id");
        if (obj["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
        {
            return Error(id, RpcErrorCodes.InvalidRequest, "\"jsonrpc\" must be \"2.0\"");
        }
        if (obj["method"] is not JsonValue m || m.GetValueKind() != JsonValueKind.String)
        {
            return Error(id, RpcErrorCodes.InvalidRequest, "\"method\" must be a string");
        }
        var parameters = obj["params"];
        if (parameters is not null and not JsonArray and not JsonObject)
        {
            return Error(id, RpcErrorCodes.InvalidRequest, "\"params\" must be an array or an object");
        }

        try
        {
            var method = m.GetValue<string>();
            var result = await _namespaces.Resolve(method).InvokeAsync(method, new RpcParams(parameters), cancellationToken);
            return isNotification ? null : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };
        }
        catch (RpcException e)
        {
            return isNotification ? null : Error(id, e.Code, e.Message, e.ErrorData);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug, not bad input: log it with the stack, answer with a JSON-RPC error, keep serving.
            logger.LogError(e, "RPC method {Method} failed", m.GetValue<string>());
            return isNotification ? null : Error(id, RpcErrorCodes.InternalError, $"internal error: {e.Message}");
        }
    }

    private const string UnpairedSurrogate = "request is not valid JSON: a \\u escape is an unpaired UTF-16 surrogate";

    /// <summary>
    /// System.Text.Json parses "\ud800" (a lone surrogate escape) but throws InvalidOperationException, not
    /// JsonException, when the string or member name is later read. Reading every one once here turns that into a
    /// parse error up front, so nothing downstream (framing, parameters, echoing the id) can throw on it.
    /// </summary>
    private static bool StringsAreWellFormed(JsonNode? node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        if (!StringsAreWellFormed(child)) return false;
                    }
                    return true;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        if (!StringsAreWellFormed(child)) return false;
                    }
                    return true;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    _ = v.GetValue<string>();
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonObject Error(JsonNode? id, int code, string message, JsonNode? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null) error["data"] = data;
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = error };
    }
}
