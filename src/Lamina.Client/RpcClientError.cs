namespace Lamina.Client;

/// <summary>Why a call failed on the client's side of the wire, before or instead of a JSON-RPC answer.</summary>
public enum RpcClientError
{
    /// <summary>No connection: nothing listens there, DNS failed, the connection was reset.</summary>
    Unreachable,

    /// <summary>The endpoint accepted the request but did not answer within the client's timeout.</summary>
    TimedOut,

    /// <summary>An HTTP error status without a JSON-RPC error in the body.</summary>
    HttpStatus,

    /// <summary>The answer is not JSON (wrong content type or empty body): probably not the node's /rpc URL.</summary>
    NotJson,

    /// <summary>The body claims to be JSON but does not parse.</summary>
    MalformedJson,

    /// <summary>Valid JSON that is not a JSON-RPC 2.0 response to this request (no "jsonrpc", wrong id, neither result nor error).</summary>
    NotJsonRpc,

    /// <summary>A JSON-RPC result whose shape is not what the method returns (a missing field, a wrong type, a null).</summary>
    UnexpectedResult,
}
