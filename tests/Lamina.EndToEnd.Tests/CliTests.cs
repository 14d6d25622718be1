using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.EndToEnd.Tests;

/// <summary>The newcomer's path, with real processes: devnet, a transfer with the CLI, a query that shows it.</summary>
public sealed class CliTests() : TempHomeTest("cli")
{
    [Fact]
    public async Task Devnet_transfer_and_query_account_work_end_to_end()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString());
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Devnet running")), TimeSpan.FromSeconds(90), () => $"devnet to start; output:\n{devnet.Output}");

        var endpoints = JsonNode.Parse(File.ReadAllText(endpointsFile))!;
        var node = endpoints["nodes"]![0]!;
        Assert.Equal("validator", node["role"]!.GetValue<string>());
        var rpcUrl = node["rpc"]!.GetValue<string>();
        Assert.Equal($"http://127.0.0.1:{port}/rpc", rpcUrl);

        using var rpc = new LaminaRpcClient(new Uri(rpcUrl));
        await Wait.Until(async () => (await rpc.CallAsync("l1_head"))!["height"]!.GetValue<ulong>() >= 2, TimeSpan.FromSeconds(30), "devnet to produce blocks");

        const string recipient = "0x00000000000000000000000000000000000abcde";
        var transfer = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(90), "transfer", "--rpc", rpcUrl, "--key", Path.Combine(Home, "dev-keys", "dev-0.key"),
            "--to", recipient, "--amount", "424242");
        Assert.True(transfer.ExitCode == 0, transfer.Output);
        Assert.Contains("Accepted", transfer.Output);

        var query = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "query", "account", recipient, "--rpc", rpcUrl);
        Assert.True(query.ExitCode == 0, query.Output);
        Assert.Contains("424242", query.Output);

        var head = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "query", "head", "--rpc", rpcUrl);
        Assert.Contains("finalizedHeight", head.Output);
    }

    [Theory]
    [InlineData("--to", "not-an-address", "--amount", "1", "20-byte hex address")]
    [InlineData("--to", "0x00000000000000000000000000000000000abcde", "--amount", "-5", "non-negative decimal integer")]
    public async Task Transfer_with_bad_input_fails_with_a_clear_error(string a, string b, string c, string d, string expected)
    {
        var result = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", a, b, c, d, "--rpc", "http://127.0.0.1:1/rpc");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Output);
        Assert.Contains(expected, result.Output);
    }

    [Fact]
    public async Task Transfer_to_an_unreachable_node_says_what_to_do()
    {
        var keyFile = Path.Combine(Home, "k.key");
        var created = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "keys", "new", "--out", keyFile);
        Assert.True(created.ExitCode == 0, created.Output);
        var result = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", "--to", "0x00000000000000000000000000000000000abcde", "--amount", "1",
            "--key", keyFile, "--rpc", $"http://127.0.0.1:{LaminaProcess.FreePort()}/rpc");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is the node running", result.Output);
    }

    [Fact]
    public async Task A_missing_key_file_is_one_line_on_stderr_without_dotted_semicolons()
    {
        var result = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", "--to", "0x00000000000000000000000000000000000abcde", "--amount", "1",
            "--key", Path.Combine(Home, "missing.key"), "--rpc", "http://127.0.0.1:1/rpc");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("create one with 'lamina keys new'", result.Output);
        Assert.DoesNotContain(".;", result.Output);
        Assert.Single(result.Output.Trim().Split('\n'));
    }

    [Fact]
    public async Task Node_without_aHome_tells_the_user_to_run_init()
    {
        var result = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "node", "--home", Path.Combine(Home, "missing"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lamina init", result.Output);
    }

    [Fact]
    public async Task Insufficient_balance_is_rejected_over_the_cli_with_its_reason()
    {
        var port = LaminaProcess.FreePort();
        var init = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "init", "--home", Home, "--base-port", port.ToString());
        Assert.True(init.ExitCode == 0, init.Output);
        using var node = LaminaProcess.Start("node", "--home", Path.Combine(Home, "node0"));
        var rpcUrl = $"http://127.0.0.1:{port}/rpc";
        using var rpc = new LaminaRpcClient(new Uri(rpcUrl));
        await Wait.Until(async () => (await rpc.CallAsync("l1_head")) is not null, TimeSpan.FromSeconds(60), "node to start");
        var keyFile = Path.Combine(Home, "poor.key");
        await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "keys", "new", "--out", keyFile);
        var result = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "transfer", "--to", "0x00000000000000000000000000000000000abcde", "--amount", "1",
            "--key", keyFile, "--rpc", rpcUrl);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("InsufficientBalance", result.Output);
    }
}
