using System.CommandLine;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina zk …`: the ZK rollup from a user's side. One subcommand per file; L1-side commands (register, deposit,
/// exodus) and operator-side ones (transfer, withdraw, status) are listed here.
/// </summary>
public static class ZkCommand
{
    public static Command Create()
    {
        var command = new Command("zk", "The ZK rollup: transfers and withdrawals through the operator, status, and L1-side actions");
        command.Subcommands.Add(ZkTransferCommand.Create(withdraw: false));
        command.Subcommands.Add(ZkTransferCommand.Create(withdraw: true));
        command.Subcommands.Add(ZkStatusCommand.Create());
        return command;
    }
}
