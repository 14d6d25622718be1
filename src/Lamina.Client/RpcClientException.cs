namespace Lamina.Client;

/// <summary>
/// A call that got no usable JSON-RPC answer: the node was unreachable or slow, or what answered is not a Lamina
/// node's /rpc endpoint. Distinct from <see cref="RpcException"/>, which is a node's own JSON-RPC error.
/// The message is one sentence naming the URL, what went wrong and what to check.
/// </summary>
public sealed class RpcClientException(RpcClientError error, Uri endpoint, string message, Exception? inner = null) : Exception(message, inner)
{
    public RpcClientError Error { get; } = error;
    public Uri Endpoint { get; } = endpoint;
}
