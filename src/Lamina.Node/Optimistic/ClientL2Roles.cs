using Lamina.Node.Modules;

namespace Lamina.Node.Optimistic;

/// <summary>The roles as a node runs them: L1 through Lamina.Client (the rollups module's rollup_* methods, blobs from DA).</summary>
public static class ClientL2Roles
{
    public static Task<L2Role> CreateAsync(NodeModuleContext context, bool sequencer, CancellationToken cancellationToken) =>
        throw new ConfigException("the L1 rollups module's client (rollup_* methods) is not in this build yet; the l2 roles cannot reach L1");
}
