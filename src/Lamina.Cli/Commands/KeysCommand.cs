using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Node.Keys;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static class KeysCommand
{
    private static string DefaultDir => Path.Combine(".lamina", "keys");

    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Key directory", DefaultValueFactory = _ => DefaultDir };
        var output = new Option<string?>("--out") { Description = "Key file to write (default: DIR/<address>.key, or DIR/zk-<key prefix>.zkkey)" };
        var scheme = new Option<string>("--scheme") { Description = "ed25519 (L1 accounts) or zk (a ZK-rollup wallet key)", DefaultValueFactory = _ => "ed25519" };
        scheme.AcceptOnlyFromAmong("ed25519", "zk");
        var create = new Command("new", "Generate a new key: Ed25519 for L1, or with --scheme zk a ZK-rollup key") { dir, output, scheme };
        create.SetAction((parse, _) => CliErrors.Run(() =>
        {
            if (parse.GetValue(scheme) == "zk") return ZkKeysNew.Run(parse.GetValue(dir)!, parse.GetValue(output));
            using var key = Lamina.Core.Crypto.SigningKey.Generate();
            var path = parse.GetValue(output) ?? Path.Combine(parse.GetValue(dir)!, $"{key.Address}.key");
            if (File.Exists(path)) throw new IOException($"{path} exists; refusing to overwrite a key");
            KeyFile.Write(path, key);
            var json = new JsonObject { ["address"] = key.Address.ToString(), ["publicKey"] = key.PublicKey.ToString(), ["file"] = path };
            CliOutput.Write(json, () =>
            {
                var table = new Table().AddColumns("address", "public key", "file");
                table.AddRow(key.Address.ToString(), key.PublicKey.ToString(), Markup.Escape(path));
                AnsiConsole.Write(table);
            });
            return Task.FromResult(0);
        }));

        var listDir = new Option<string>("--dir") { Description = "Key directory", DefaultValueFactory = _ => DefaultDir };
        var list = new Command("list", "List keys in a directory") { listDir };
        list.SetAction((parse, _) => CliErrors.Run(() =>
        {
            var directory = parse.GetValue(listDir)!;
            var table = new Table().AddColumns("address", "file");
            var json = new JsonArray();
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.GetFiles(directory, "*.key").Order(StringComparer.Ordinal))
                {
                    using var key = KeyFile.Read(file);
                    table.AddRow(key.Address.ToString(), Markup.Escape(file));
                    json.Add(new JsonObject { ["address"] = key.Address.ToString(), ["file"] = file });
                }
            }
            CliOutput.Write(json, () =>
            {
                if (table.Rows.Count == 0) AnsiConsole.MarkupLine($"[grey]No keys in {Markup.Escape(directory)}; create one with 'lamina keys new'[/]");
                else AnsiConsole.Write(table);
            });
            return Task.FromResult(0);
        }));
        return new Command("keys", "Manage Ed25519 keys") { create, list };
    }
}
