using System.Text.Json.Nodes;

namespace Lamina.Client;

/// <summary>One call's outcome in a batch: its result, or the node's JSON-RPC error for that call.</summary>
public readonly record struct RpcOutcome(JsonNode? Result, RpcException? Error)
{
    public bool IsSuccess => Error is null;
}
