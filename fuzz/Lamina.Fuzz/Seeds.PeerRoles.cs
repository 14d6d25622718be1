using Lamina.Core.Codec;
using Lamina.Node.Hosting;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for the role announcement: one role, the devnet's validator set of roles, and every role a node knows.</summary>
    private static void AddPeerRolesSeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
        => seeds["node-roles"] =
        [
            Canonical.Encode(NodeRolesMessage.Of(["da"])),
            Canonical.Encode(NodeRolesMessage.Of(["validator", "da"])),
            Canonical.Encode(NodeRolesMessage.Of(Lamina.Node.Modules.NodeModules.BuiltInRoles)),
        ];
}
