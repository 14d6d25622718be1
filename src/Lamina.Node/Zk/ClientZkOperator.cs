using Lamina.Node.Modules;

namespace Lamina.Node.Zk;

/// <summary>
/// The zk-operator role as a node runs it: L1 reached through Lamina.Client (the ZK settlement module's zkl1_*
/// methods, pubdata blobs from a DA node), the operator's journal in the node's store.
/// </summary>
public static class ClientZkOperator
{
    public static Task<ZkOperatorRole> CreateAsync(NodeModuleContext context, CancellationToken cancellationToken) =>
        throw new ConfigException("this build has no client for L1's ZK settlement module yet (zkl1_* methods); the zk-operator role cannot reach L1");
}
