using System.CommandLine;
using Lamina.Cli.Commands;

namespace Lamina.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Lamina: a layered blockchain stack — L1 settlement with rollups and data availability on top.");
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(DevnetCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        foreach (var staking in StakingCommands.Create()) root.Subcommands.Add(staking);
        return await root.Parse(args).InvokeAsync();
    }
}
