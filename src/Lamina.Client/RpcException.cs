using System.Text.Json.Nodes;

namespace Lamina.Client;

/// <summary>
/// A JSON-RPC error: code, message and optional structured data (such as a rejection reason). The server's methods
/// throw it, and the client throws it when a node answers with an error object.
/// </summary>
public sealed class RpcException(int code, string message, JsonNode? data = null) : Exception(message)
{
    public int Code { get; } = code;
    public JsonNode? ErrorData { get; } = data;

    /// <summary>The machine-readable reason a transaction was refused (data.reason), when the node gave one.</summary>
    public string? Reason => ErrorData is JsonObject o && o["reason"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A module's finer reason when the node gave one (e.g. the rollups module's error name under reason "RollupRejected").</summary>
    public string? Detail => ErrorData is JsonObject o && o["detail"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
