using System.CommandLine;
using System.Diagnostics;
using Lamina.Node.Hosting;

namespace Lamina.Cli.Commands;

public static class NodeCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The node's home (config.json, genesis.json, validator.key, data/)", Required = true };
        var parentPid = new Option<int?>("--parent-pid") { Description = "Exit when this process exits (used by lamina devnet)", Hidden = true };
        var command = new Command("node", "Run one Lamina node until Ctrl-C") { home, parentPid };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var app = LaminaNodeHost.Build(parse.GetValue(home)!);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (parse.GetValue(parentPid) is { } pid) _ = WatchParent(pid, stop);
            await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, stop.Token);
            // After the host (and its log queue) is disposed, so this is the last line in the node's output.
            Console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} Node stopped cleanly.");
            return 0;
        }));
        return command;
    }

    /// <summary>A devnet's nodes must not outlive the devnet, even when it is killed with SIGKILL.</summary>
    private static async Task WatchParent(int pid, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var parent = Process.GetProcessById(pid);
                if (parent.HasExited) break;
            }
            catch (ArgumentException)
            {
                break;
            }
            await Task.Delay(1000);
        }
        await stop.CancelAsync();
    }
}
