using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.EndToEnd.Tests;

/// <summary>A network made with `lamina init --validators N`, each validator a real `lamina node` process.</summary>
internal sealed class ValidatorNetwork : IDisposable
{
    private readonly LaminaProcess?[] _nodes;

    public ValidatorNetwork(string home, int validators, int basePort)
    {
        Home = home;
        BasePort = basePort;
        _nodes = new LaminaProcess?[validators];
        Clients = Enumerable.Range(0, validators).Select(i => new LaminaRpcClient(new Uri($"http://127.0.0.1:{basePort + i}/rpc"))).ToArray();
    }

    public string Home { get; }
    public int BasePort { get; }
    public LaminaRpcClient[] Clients { get; }
    public int Count => _nodes.Length;

    public static async Task<ValidatorNetwork> InitAsync(string home, int validators)
    {
        var port = LaminaProcess.FreePort();
        var init = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "init", "--home", home, "--validators", validators.ToString(), "--base-port", port.ToString());
        Assert.True(init.ExitCode == 0, init.Output);
        // Faster timeouts than the defaults keep a crashed proposer's round short in tests.
        for (var i = 0; i < validators; i++)
        {
            var configPath = Path.Combine(home, $"node{i}", "config.json");
            var config = JsonNode.Parse(File.ReadAllText(configPath))!;
            config["timeoutProposeMs"] = 600;
            config["timeoutVoteMs"] = 300;
            config["timeoutDeltaMs"] = 150;
            config["blockIntervalMs"] = 150;
            File.WriteAllText(configPath, config.ToJsonString());
        }
        return new ValidatorNetwork(home, validators, port);
    }

    public string NodeHome(int i) => Path.Combine(Home, $"node{i}");

    public void Start(int i)
    {
        _nodes[i]?.Dispose();
        _nodes[i] = LaminaProcess.Start("node", "--home", NodeHome(i));
    }

    public void Kill(int i)
    {
        _nodes[i]?.Kill();
        _nodes[i]?.Dispose();
        _nodes[i] = null;
    }

    public bool IsRunning(int i) => _nodes[i] is { HasExited: false };

    public string Output(int i) => _nodes[i]?.Output ?? "(not running)";

    public async Task<ulong?> HeightAsync(int i)
    {
        try
        {
            return (await Clients[i].CallAsync("l1_head"))!["height"]!.GetValue<ulong>();
        }
        catch (RpcException)
        {
            return null;
        }
        catch (RpcClientException)
        {
            return null;
        }
    }

    public async Task WaitAllAtLeastAsync(ulong height, TimeSpan timeout, IEnumerable<int>? which = null)
    {
        var nodes = (which ?? Enumerable.Range(0, Count)).ToArray();
        await Wait.Until(async () =>
        {
            foreach (var i in nodes)
            {
                if ((await HeightAsync(i) ?? 0) < height) return false;
            }
            return true;
        }, timeout, () => $"nodes {string.Join(",", nodes)} to reach height {height}; " + Describe(nodes));
    }

    /// <summary>Each node's last lines of output, for a failure message (heights show in the logs' commit lines).</summary>
    private string Describe(int[] nodes)
    {
        var text = new System.Text.StringBuilder();
        foreach (var i in nodes)
        {
            var lines = Output(i).Split('\n');
            text.Append($"\n--- node {i} (running: {IsRunning(i)}), last lines:\n").AppendJoin('\n', lines[Math.Max(0, lines.Length - 15)..]);
        }
        return text.ToString();
    }

    public void Dispose()
    {
        for (var i = 0; i < _nodes.Length; i++) Kill(i);
        foreach (var c in Clients) c.Dispose();
    }
}
