using Lamina.Client;

namespace Lamina.Node.Tests.Support;

/// <summary>Reads an L2 role's RPC answer while the role may still be starting: null until it answers.</summary>
public static class Starting
{
    /// <summary><paramref name="call"/>'s answer, or null while the role says it is starting, has nothing final yet, or has not found it yet.</summary>
    public static async Task<T?> OrNullAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.Reason is "starting" or "notFinalized" || e.Code == RpcErrorCodes.NotFound)
        {
            return null;
        }
    }
}
