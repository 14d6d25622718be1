using System.Text.Json.Nodes;
using Lamina.L2.Zk.Wallet;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>`lamina keys new --scheme zk`: a ZK-rollup wallet key (Schnorr over ECgFp5), kept like L1 keys: owner-only, never overwritten.</summary>
public static class ZkKeysNew
{
    public static Task<int> Run(string dir, string? output)
    {
        string path = output ?? Path.Combine(dir, $"zk-{Guid.NewGuid():N}.zkkey");
        var key = ZkKeyFile.CreateNew(path);
        if (output is null)
        {
            // Named after the key once it exists (a new name cannot clash with another key's file).
            string named = Path.Combine(dir, $"zk-{key.PublicKey.ToString()[..16]}.zkkey");
            if (!File.Exists(named))
            {
                File.Move(path, named);
                path = named;
            }
        }
        var json = new JsonObject { ["scheme"] = "zk", ["publicKey"] = key.PublicKey.ToString(), ["file"] = path };
        CliOutput.Write(json, () =>
        {
            var table = new Table().AddColumns("ZK public key", "file");
            table.AddRow(key.PublicKey.ToString(), Markup.Escape(path));
            AnsiConsole.Write(table);
        });
        return Task.FromResult(0);
    }
}
