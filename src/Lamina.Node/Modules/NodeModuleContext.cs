using Lamina.L1.Genesis;
using Lamina.Storage;

namespace Lamina.Node.Modules;

/// <summary>What the host hands every module: the node's home, config and genesis, its roles and its store.</summary>
public sealed record NodeModuleContext(string Home, NodeConfig Config, GenesisConfig Genesis, IReadOnlySet<string> Roles, IKeyValueStore Store)
{
    public string DataDir => Path.Combine(Home, Config.DataDir);

    public bool Runs(string role) => Roles.Contains(role);
}
