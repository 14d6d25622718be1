using Lamina.Client;

namespace Lamina.Node.Rpc;

/// <summary>The registered method sets by namespace: one set per namespace, and a method's namespace is its text before the first '_'.</summary>
public sealed class RpcNamespaces
{
    private readonly Dictionary<string, IRpcMethodSet> _sets = new(StringComparer.Ordinal);
    private readonly string _available;

    public RpcNamespaces(IEnumerable<IRpcMethodSet> sets)
    {
        var names = new List<string>();
        foreach (var set in sets)
        {
            if (!_sets.TryAdd(set.Namespace, set)) throw new ConfigException($"two node modules serve the RPC namespace '{set.Namespace}_'; a namespace belongs to one module");
            foreach (var name in set.Names)
            {
                if (!name.StartsWith(set.Namespace + "_", StringComparison.Ordinal)) throw new ConfigException($"RPC method '{name}' is outside its set's namespace '{set.Namespace}_'");
                names.Add(name);
            }
        }
        _available = string.Join(", ", names);
    }

    public IEnumerable<string> Namespaces => _sets.Keys;

    public IRpcMethodSet Resolve(string method)
    {
        var underscore = method.IndexOf('_');
        if (underscore > 0 && _sets.TryGetValue(method[..underscore], out var set)) return set;
        throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist on this node; available: {_available}");
    }
}
