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
        root.Subcommands.Add(DaCommand.Create());
        root.Subcommands.Add(L2Command.Create());
        root.Subcommands.Add(DisputeCommand.Create());
        root.Subcommands.Add(ZkCommand.Create());
        foreach (var staking in StakingCommands.Create()) root.Subcommands.Add(staking);
        root.Options.Add(CliOutput.JsonOption);
        var parse = root.Parse(args);
        CliOutput.Configure(parse);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction) return CliErrors.ParseFailed(parse);
        // The devnet and the node handle SIGINT/SIGTERM themselves (stopping nodes in order; the host's graceful
        // shutdown). System.CommandLine's own handling would return from Main 2 s after the signal, cutting them short.
        var handlesSignals = parse.CommandResult.Command.Name is "devnet" or "node";
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = handlesSignals ? null : TimeSpan.FromSeconds(2) });
    }
}
