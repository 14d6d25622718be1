using System.Text.Json.Nodes;

namespace Lamina.Node.Rpc;

/// <summary>A JSON-RPC error: code, message and optional structured data (such as a rejection reason).</summary>
public sealed class RpcException(int code, string message, JsonNode? data = null) : Exception(message)
{
    public int Code { get; } = code;
    public JsonNode? ErrorData { get; } = data;
}
