using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Lamina.Cli.Commands;

public static class InitCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "Directory for genesis, keys and node homes", Required = true };
        var validators = new Option<int>("--validators") { Description = "Number of validators", DefaultValueFactory = _ => 1 };
        var chainId = new Option<string>("--chain-id") { Description = "Chain id written into genesis", DefaultValueFactory = _ => "lamina-devnet" };
        var basePort = new Option<int>("--base-port") { Description = "RPC port of node0; node i listens on base+i", DefaultValueFactory = _ => 26657 };
        var command = new Command("init", "Write genesis, validator keys and node configs for a new network") { home, validators, chainId, basePort };
        command.SetAction((parse, _) => CliErrors.Run(() =>
        {
            var dir = parse.GetValue(home)!;
            var genesis = NetworkLayout.Initialize(dir, parse.GetValue(validators), parse.GetValue(chainId)!, parse.GetValue(basePort),
                (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var table = new Table().AddColumns("validator", "address", "power", "home");
            var validatorsJson = new JsonArray();
            for (var i = 0; i < genesis.Validators.Validators.Count; i++)
            {
                var v = genesis.Validators.Validators[i];
                var nodeHome = Path.GetFullPath(NetworkLayout.NodeHome(dir, int.Parse(genesis.ValidatorNames[i].Split('-')[1], System.Globalization.CultureInfo.InvariantCulture)));
                table.AddRow(genesis.ValidatorNames[i], v.Address.ToString(), v.Power.ToString(), Markup.Escape(nodeHome));
                validatorsJson.Add(new JsonObject { ["name"] = genesis.ValidatorNames[i], ["address"] = v.Address.ToString(), ["power"] = v.Power, ["home"] = nodeHome });
            }
            var json = new JsonObject { ["chainId"] = genesis.ChainId, ["genesisHash"] = genesis.Hash().ToString(), ["home"] = Path.GetFullPath(dir), ["validators"] = validatorsJson };
            CliOutput.Write(json, () =>
            {
                AnsiConsole.MarkupLine($"[green]Initialized[/] chain [bold]{Markup.Escape(genesis.ChainId)}[/] in {Markup.Escape(Path.GetFullPath(dir))} (genesis {genesis.Hash()})");
                AnsiConsole.Write(table);
            });
            return Task.FromResult(0);
        }));
        return command;
    }
}
