using Lamina.Core.Crypto;
using Lamina.Node;
using Lamina.Node.DataAvailability;
using Lamina.Node.Keys;

namespace Lamina.Cli;

/// <summary>
/// The devnet's DA nodes, da-0 … da-3: processes of their own with the <c>da</c> role alone. Each follows
/// validator-0's headers with the light client and fetches only its custody columns (32 of the 128 PeerDAS groups, a
/// quarter of a wide square) from the validators and the other DA nodes, each column checked against the verified
/// data root on arrival; the light node samples them.
/// </summary>
public static class DevnetDa
{
    public const int Nodes = 4;

    /// <summary>A quarter of the 128 groups each, so four nodes spread a wide square's columns between them.</summary>
    public const int CustodyGroups = 32;

    public static void AddNodes(string home, int firstIndex, string genesisJson, int basePort, int p2pBase, IReadOnlyList<string> validatorPeers)
    {
        var keys = new List<SigningKey>();
        for (var i = 0; i < Nodes; i++) keys.Add(SigningKey.Generate());
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                var index = firstIndex + i;
                var nodeHome = NetworkLayout.NodeHome(home, index);
                Directory.CreateDirectory(nodeHome);
                File.WriteAllText(Path.Combine(nodeHome, "genesis.json"), genesisJson);
                KeyFile.Write(Path.Combine(nodeHome, "node.key"), keys[i]);
                var peers = new List<string>(validatorPeers);
                for (var j = 0; j < Nodes; j++)
                {
                    if (j != i) peers.Add($"127.0.0.1:{p2pBase + firstIndex + j}@{keys[j].Address}");
                }
                new NodeConfig
                {
                    Name = $"da-{i}",
                    RpcListen = $"http://127.0.0.1:{basePort + index}",
                    P2PListen = $"127.0.0.1:{p2pBase + index}",
                    PersistentPeers = peers,
                    Roles = [DaNodeModule.Da],
                    DaCustodyGroups = CustodyGroups,
                    DaL1Rpc = $"http://127.0.0.1:{basePort}/rpc",
                }.Save(nodeHome);
            }
        }
        finally
        {
            foreach (var key in keys) key.Dispose();
        }
    }
}
