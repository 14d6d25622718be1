using System.Diagnostics;
using System.Runtime.InteropServices;
using Lamina.Cli.Commands;
using Spectre.Console;

namespace Lamina.Cli;

/// <summary>
/// The devnet's node processes: starts them (each logging to its home's node.log), notices when one exits, restarts
/// it on request (`lamina devnet restart NAME`, which drops a restart.request file in the node's home) or, with
/// --restart, by itself after a backoff, and stops them all in order on Ctrl-C or SIGTERM.
/// </summary>
public sealed partial class DevnetSupervisor(bool autoRestart)
{
    public const string RestartRequestFile = "restart.request";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly List<ManagedNode> _nodes = [];
    private readonly Lock _gate = new();
    private volatile bool _stopping;

    public sealed class ManagedNode(string name, string home, string rpc)
    {
        public string Name { get; } = name;
        public string Home { get; } = home;
        public string Rpc { get; } = rpc;
        public Process Process { get; set; } = null!;
        public DateTime StartedAt { get; set; }
        public int Restarts { get; set; }
    }

    public IReadOnlyList<ManagedNode> Nodes => _nodes;

    /// <summary>Called with every node whose process changed (restart), so endpoints.json can follow.</summary>
    public event Action? NodesChanged;

    public ManagedNode Start(string name, string home, string rpc)
    {
        var node = new ManagedNode(name, home, rpc);
        Launch(node);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Watches every node until <paramref name="stop"/> fires; returns when the devnet is to stop.</summary>
    public async Task SuperviseAsync(CancellationToken stop)
    {
        var watchers = _nodes.Select(n => WatchAsync(n, stop)).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
        _stopping = true;
        await Task.WhenAll(watchers);
    }

    private async Task WatchAsync(ManagedNode node, CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var requested = await WaitForExitOrRequestAsync(node, stop);
            if (stop.IsCancellationRequested || _stopping) return;
            if (requested)
            {
                CliOutput.Info($"[yellow]Restarting {Markup.Escape(node.Name)}[/] on request");
                StopOne(node);
                failures = 0;
            }
            else
            {
                CliOutput.Info($"[yellow]{Markup.Escape(node.Name)} exited (code {node.Process.ExitCode})[/], log: {Markup.Escape(Path.Combine(node.Home, "node.log"))}");
                if (!autoRestart)
                {
                    CliOutput.Info($"Restart it with: [bold]{Markup.Escape(RestartCommand(node.Name, Path.GetDirectoryName(node.Home)!))}[/] (or run the devnet with --restart)");
                    if (!await WaitForRequestAsync(node, stop)) return;
                    CliOutput.Info($"[yellow]Restarting {Markup.Escape(node.Name)}[/] on request");
                    failures = 0;
                }
                else
                {
                    // A node that ran for a while earns a fresh backoff; one that keeps dying waits longer each time.
                    if (DateTime.UtcNow - node.StartedAt > TimeSpan.FromMinutes(1)) failures = 0;
                    var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures)));
                    failures++;
                    CliOutput.Info($"Restarting {Markup.Escape(node.Name)} in {backoff.TotalSeconds:0} s (--restart)");
                    try
                    {
                        await Task.Delay(backoff, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
            lock (_gate)
            {
                if (_stopping) return;
                Launch(node);
                node.Restarts++;
            }
            File.Delete(Path.Combine(node.Home, RestartRequestFile));
            CliOutput.Info($"[green]Restarted {Markup.Escape(node.Name)}[/] (pid {node.Process.Id}), logging to {Markup.Escape(Path.Combine(node.Home, "node.log"))}");
            NodesChanged?.Invoke();
        }
    }

    /// <summary>True when a restart was requested while the node ran; false when it exited; either way stop ends it early.</summary>
    private static async Task<bool> WaitForExitOrRequestAsync(ManagedNode node, CancellationToken stop)
    {
        var request = Path.Combine(node.Home, RestartRequestFile);
        while (!stop.IsCancellationRequested)
        {
            if (File.Exists(request)) return true;
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop);
                tick.CancelAfter(250);
                await node.Process.WaitForExitAsync(tick.Token);
                return false;
            }
            catch (OperationCanceledException)
            {
            }
        }
        return false;
    }

    private static async Task<bool> WaitForRequestAsync(ManagedNode node, CancellationToken stop)
    {
        var request = Path.Combine(node.Home, RestartRequestFile);
        try
        {
            while (!File.Exists(request)) await Task.Delay(250, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops every node in order, waiting for each (so its last log lines reach node.log), and says what stopped.</summary>
    public void StopAll()
    {
        lock (_gate) _stopping = true;
        foreach (var node in _nodes)
        {
            var code = StopOne(node);
            CliOutput.Info(code is null ? $"[grey]{Markup.Escape(node.Name)} had already exited[/]" : $"[grey]Stopped {Markup.Escape(node.Name)} (exit code {code})[/]");
        }
    }

    /// <summary>SIGTERM, then SIGKILL after the timeout; returns the exit code, or null when it was not running.</summary>
    private static int? StopOne(ManagedNode node)
    {
        var process = node.Process;
        try
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                return null;
            }
            // SIGTERM lets the node shut down cleanly; SIGKILL would also be safe (every block is one synced batch).
            if (!OperatingSystem.IsWindows()) _ = SysKill(process.Id, 15);
            if (!process.WaitForExit(StopTimeout)) process.Kill(entireProcessTree: true);
            process.WaitForExit(); // and let the output readers drain into node.log
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Launch(ManagedNode node)
    {
        var info = DevnetCommand.SelfCommand("node", "--home", node.Home, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Its own session, so a Ctrl-C in the devnet's terminal reaches only the devnet, which then stops the nodes in
        // order; the node's parent watchdog still ends it if the devnet is killed outright.
        if (File.Exists("/usr/bin/setsid"))
        {
            info.ArgumentList.Insert(0, info.FileName);
            info.FileName = "/usr/bin/setsid";
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var log = new StreamWriter(Path.Combine(node.Home, "node.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ =>
        {
            lock (log) log.Dispose();
        }, TaskScheduler.Default);
        node.Process = process;
        node.StartedAt = DateTime.UtcNow;
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>How to run this program again: the built apphost, or dotnet with the built dll, never `dotnet run`.</summary>
    public static string SelfCommandLine()
    {
        var info = DevnetCommand.SelfCommand();
        return string.Join(' ', new[] { info.FileName }.Concat(info.ArgumentList).Select(Quote));
    }

    public static string RestartCommand(string name, string devnetHome) => $"{SelfCommandLine()} devnet restart {name} --home {Quote(devnetHome)}";

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "/._-+=:@".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SysKill(int pid, int signal);
}
