using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lamina.EndToEnd.Tests;

/// <summary>Runs the real `lamina` program (built next to this test assembly) as a child process.</summary>
internal sealed class LaminaProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private LaminaProcess(Process process) => _process = process;

    public static string LaminaDll => Path.Combine(AppContext.BaseDirectory, "lamina.dll");

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static LaminaProcess Start(params string[] args) => Start(ownSession: false, args);

    /// <summary>Started with COLUMNS=80, the width a console falls back to, to see what output to a pipe looks like.</summary>
    public static LaminaProcess StartNarrow(params string[] args) => Start(ownSession: false, args, columns: 80);

    /// <summary>
    /// Starts the program as the leader of a new session and process group (setsid), as a shell starts a foreground
    /// job, so a signal can be sent to the whole group the way a terminal's Ctrl-C is.
    /// </summary>
    public static LaminaProcess StartInOwnSession(params string[] args) => Start(ownSession: true, args);

    private static LaminaProcess Start(bool ownSession, string[] args, int columns = 250)
    {
        var info = new ProcessStartInfo(ownSession ? "/usr/bin/setsid" : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (ownSession) info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(LaminaDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // A wide virtual console keeps Spectre tables on one line per row, so tests can grep them.
        info.Environment["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = info };
        var wrapper = new LaminaProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Runs a command to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] args) => RunAsync(Start(args), timeout, args);

    public static Task<(int ExitCode, string Output)> RunNarrowAsync(TimeSpan timeout, params string[] args) => RunAsync(StartNarrow(args), timeout, args);

    private static async Task<(int ExitCode, string Output)> RunAsync(LaminaProcess started, TimeSpan timeout, string[] args)
    {
        using var p = started;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw new TimeoutException($"lamina {string.Join(' ', args)} did not finish within {timeout}; output:\n{p.Output}");
        }
        p._process.WaitForExit(); // flush the asynchronous output readers
        return (p.ExitCode, p.Output);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushes — the crash the store must survive.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    public Task WaitForExitAsync(CancellationToken cancellation) => _process.WaitForExitAsync(cancellation);

    /// <summary>
    /// A base port for a network's listeners: node i listens on base+i (RPC) and base+1000+i (P2P), for up to
    /// <see cref="PortSpan"/> nodes, and every one of those ports is free now. Ports come from 20000–21999, below
    /// Linux's ephemeral range (32768–60999): a port the kernel handed out (port 0) is in that range, and its
    /// neighbours, which the other nodes listen on, could be taken at any moment by an outgoing connection's local
    /// end, so a node (or a node restarted after SIGKILL) would fail to bind. Each call moves on to fresh ports,
    /// so no test listens where an earlier one's connections may linger.
    /// </summary>
    public static int FreePort()
    {
        lock (PortLock)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var candidate = _nextPort;
                _nextPort += PortSpan;
                if (_nextPort + PortSpan > 21_000) _nextPort = 20_000;
                if (AllFree(candidate) && AllFree(candidate + 1000)) return candidate;
            }
            throw new InvalidOperationException("no free block of ports in 20000-20999 / 21000-21999: are other test runs holding them?");
        }
    }

    private const int PortSpan = 12;
    private static readonly Lock PortLock = new();
    // A start that differs between test runs, so two runs at once rarely probe the same ports first.
    private static int _nextPort = 20_000 + (Environment.ProcessId % 100 * PortSpan);

    private static bool AllFree(int first)
    {
        for (var port = first; port < first + PortSpan; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                return false;
            }
        }
        return true;
    }
}
