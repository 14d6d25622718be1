namespace Lamina.Client;

/// <summary>JSON-RPC 2.0 error codes: the standard ones, then Lamina's in the server-defined range.</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int TransactionRejected = -32000;
    public const int NotFound = -32001;
    public const int InvalidTransaction = -32002;
}
