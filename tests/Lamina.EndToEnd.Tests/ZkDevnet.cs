using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L1.ZkRollups;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// `lamina devnet` with one validator (also the DA node), as every ZK end-to-end test starts it: the devnet process,
/// its endpoints, clients for L1 and for zk-operator-0, and the steps the tests share (dev keys, deposits, waiting for
/// the operator). Extra devnet arguments (<c>--zk-fault</c>, <c>--zk-exodus-delay</c>) shape the operator and rollup.
/// </summary>
internal sealed class ZkDevnet : IDisposable
{
    public const uint RollupId = 2;

    private ZkDevnet(string home, LaminaProcess process, JsonArray nodes)
    {
        Home = home;
        Process = process;
        Nodes = nodes;
        L1Url = RpcOf("validator");
        OperatorUrl = RpcOf("zk-operator");
        L1 = new LaminaRpcClient(new Uri(L1Url));
        Operator = new LaminaRpcClient(new Uri(OperatorUrl));
    }

    public string Home { get; }
    public LaminaProcess Process { get; }
    private JsonArray Nodes { get; }
    /// <summary>validator-0: L1 RPC, and DA (it runs the da role) for pubdata.</summary>
    public string L1Url { get; }
    public string OperatorUrl { get; }
    public LaminaRpcClient L1 { get; }
    public LaminaRpcClient Operator { get; }

    /// <summary>Starts the devnet and waits until the operator has registered the rollup and read L1.</summary>
    public static async Task<ZkDevnet> StartAsync(string home, params string[] devnetArgs)
    {
        var port = LaminaProcess.FreePort();
        var process = LaminaProcess.Start(["devnet", "--home", home, "--base-port", port.ToString(), "--validators", "1", .. devnetArgs]);
        try
        {
            var endpointsFile = Path.Combine(home, "endpoints.json");
            await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && process.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(120), () => $"devnet to start; output:\n{process.Output}");
            var devnet = new ZkDevnet(home, process, JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray());
            await Wait.Until(async () =>
            {
                try
                {
                    return (await devnet.Operator.GetZkOperatorHeadAsync()).Proven is not null;
                }
                catch (RpcException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(90), "the operator to register rollup 2 and read L1");
            return devnet;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public string RpcOf(string role) => NodeWith(role)["rpc"]!.GetValue<string>();

    /// <summary>The process id of the node with <paramref name="role"/>, as endpoints.json recorded it.</summary>
    public int PidOf(string role) => NodeWith(role)["pid"]!.GetValue<int>();

    private JsonNode NodeWith(string role) => Nodes.Single(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!;

    /// <summary>The end of zk-operator-0's log, for failure messages.</summary>
    public string OperatorLogTail()
    {
        var log = Path.Combine(NodeWith("zk-operator")["home"]!.GetValue<string>(), "node.log");
        if (!File.Exists(log)) return "(no operator log)";
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text.Length > 4_000 ? text[^4_000..] : text;
    }

    public string DevKeyFile(int index) => Path.Combine(Home, "dev-keys", $"dev-{index}.key");

    /// <summary>Signs ZK module transactions for <paramref name="payer"/> from its pending nonce.</summary>
    public async Task<ZkRollupTxBuilder> BuilderAsync(Lamina.Core.Crypto.SigningKey payer)
        => new(payer, await L1.GetChainIdAsync(), (await L1.GetAccountAsync(payer.Address)).PendingNonce, 1_000_000_000, 2);

    /// <summary>Waits until the operator's pending state credits <paramref name="account"/> with <paramref name="balance"/>.</summary>
    public Task WaitForOperatorBalanceAsync(uint account, ulong balance, string what)
        => Wait.Until(async () => (await Operator.GetZkAccountAsync(account)).Balance == balance, TimeSpan.FromSeconds(60), what);

    /// <summary>The arguments of `lamina zk transfer|withdraw` from <paramref name="account"/> signed with <paramref name="zkKeyFile"/>.</summary>
    public string[] ZkCommand(string zkKeyFile, uint account, params string[] args)
        => [.. args, "--key", zkKeyFile, "--from", account.ToString(), "--rpc", L1Url, "--zk-rpc", OperatorUrl, "--json"];

    /// <summary>SIGKILL to zk-operator-0 alone; without --restart the devnet leaves it dead and the rest running.</summary>
    public void KillOperator()
    {
        using var operatorProcess = System.Diagnostics.Process.GetProcessById(PidOf("zk-operator"));
        operatorProcess.Kill();
        operatorProcess.WaitForExit(10_000);
    }

    public void Dispose()
    {
        L1.Dispose();
        Operator.Dispose();
        Process.Dispose();
    }
}
