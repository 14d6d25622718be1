using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// `lamina devnet` as a newcomer starts it (validators, DA nodes, light node, sequencer, verifier, challenger,
/// zk-operator-0), in a fresh home under the temp directory on a free block of ports; its endpoints come from the
/// devnet's own endpoints.json. Disposing kills the devnet and every node it started.
/// </summary>
internal sealed class DevnetProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevnetProcess(Process process, string home)
    {
        _process = process;
        Home = home;
    }

    public string Home { get; }
    public JsonArray Nodes { get; private set; } = [];

    public static async Task<DevnetProcess> StartAsync(int validators, TimeSpan patience)
    {
        var dll = FindLaminaDll();
        var home = Path.Combine(Path.GetTempPath(), "lamina-sidebyside-" + Guid.NewGuid().ToString("N")[..12]);
        var port = FreeBasePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "devnet", "--fresh", "--home", home, "--base-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--validators", validators.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        var devnet = new DevnetProcess(Process.Start(info)!, home);
        devnet._process.OutputDataReceived += (_, e) => { lock (devnet._output) devnet._output.AppendLine(e.Data); };
        devnet._process.ErrorDataReceived += (_, e) => { lock (devnet._output) devnet._output.AppendLine(e.Data); };
        devnet._process.BeginOutputReadLine();
        devnet._process.BeginErrorReadLine();
        Console.WriteLine($"started `lamina devnet --validators {validators}` (home {home}, base port {port})");
        var endpoints = Path.Combine(home, "endpoints.json");
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(endpoints) && devnet.Output.Contains("Press Ctrl-C", StringComparison.Ordinal)))
        {
            if (devnet._process.HasExited || deadline.Elapsed > patience)
            {
                var output = devnet.Output;
                devnet.Dispose();
                throw new InvalidOperationException($"the devnet did not start within {patience.TotalSeconds:0} s:\n{output}");
            }
            await Task.Delay(250);
        }
        devnet.Nodes = JsonNode.Parse(File.ReadAllText(endpoints))!["nodes"]!.AsArray();
        return devnet;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The RPC URL of the first node with <paramref name="role"/> in endpoints.json.</summary>
    public Uri Rpc(string role) => new(Nodes.First(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["rpc"]!.GetValue<string>());

    public string DevKey(int index) => Path.Combine(Home, "dev-keys", $"dev-{index}.key");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(20_000);
        }
        catch (InvalidOperationException)
        {
        }
        // Nodes the devnet started outlive it if it died first: stop them by the pids it recorded.
        foreach (var node in Nodes)
        {
            if (node?["pid"] is not JsonValue pid) continue;
            try
            {
                using var p = Process.GetProcessById(pid.GetValue<int>());
                p.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindLaminaDll()
    {
        if (Environment.GetEnvironmentVariable("LAMINA_DLL") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "Lamina.Cli", "bin", "Release", "net10.0", "lamina.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException("build the CLI first (dotnet build -c Release src/Lamina.Cli) or set LAMINA_DLL to lamina.dll");
    }

    /// <summary>A base port whose next 40 RPC ports and their P2P ports (+1000) are free.</summary>
    private static int FreeBasePort()
    {
        for (var candidate = 31_000 + Random.Shared.Next(0, 50) * 40; candidate < 34_000; candidate += 40)
        {
            if (Enumerable.Range(candidate, 40).All(p => Free(p) && Free(p + 1000))) return candidate;
        }
        throw new InvalidOperationException("no free block of 40 ports in 31000-33999");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
