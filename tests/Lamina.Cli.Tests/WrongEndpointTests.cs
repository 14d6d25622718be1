using Lamina.Client.Keys;
using Lamina.Client.Tests;
using Lamina.Core.Crypto;

namespace Lamina.Cli.Tests;

/// <summary>
/// Every command that talks to a node, pointed with --rpc at something that is not a Lamina node's /rpc (HTML, an
/// empty body, JSON that is not JSON-RPC, a null or wrongly shaped result, an endpoint that never answers): each run
/// ends with exactly one "error:" line, no exception type or stack trace, and a non-zero exit code.
/// </summary>
public sealed class WrongEndpointTests : IAsyncLifetime
{
    private const string Address = "0x00000000000000000000000000000000000abcde";
    // Only the hung endpoint may meet the short timeout; the others answer at once, but a first call on a loaded CI
    // machine can take over a second (JIT, GC), and a timeout there would be reported instead of the defect.
    private const string HangTimeout = "1";
    private const string AnswerTimeout = "20";

    private static void SetTimeoutFor(string defect)
        => Environment.SetEnvironmentVariable(Defaults.RpcTimeoutVariable, defect == "hang" ? HangTimeout : AnswerTimeout);
    private static readonly string Hash = "0x" + new string('a', 64);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-cli-tests-" + Guid.NewGuid().ToString("N"));
    private FakeEndpoint _server = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _key = Path.Combine(_dir, "sender.key");
        using (var key = SigningKey.Generate()) KeyFile.Write(_key, key);
        _zkKey = Path.Combine(_dir, "zk.key");
        File.WriteAllText(_zkKey, $$"""{"type": "zk-schnorr-ecgfp5", "publicKey": "{{ZkPublicKey}}", "seed": "0x{{string.Concat(Enumerable.Repeat("01", 32))}}"}""");
        _server = await FakeEndpoint.StartAsync();
        // The first call pays for JIT and the first connection; only the hung endpoint may meet the short timeout.
        using (var warm = new Client.LaminaRpcClient(_server.Url("health-json"), TimeSpan.FromSeconds(30)))
        {
            await Assert.ThrowsAsync<Client.RpcClientException>(() => warm.GetHeadAsync());
        }
        _ = await CliRun.RunAsync("query", "head", "--rpc", _server.Url("health-json").ToString());
        SetTimeoutFor("hang");
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(Defaults.RpcTimeoutVariable, null);
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Every command that calls a node, without its --rpc.</summary>
    private string[][] RpcCommands() =>
    [
        ["query", "head"],
        ["query", "block"],
        ["query", "block", "1"],
        ["query", "block", Hash],
        ["query", "account", Address],
        ["query", "account", Address, "--height", "1"],
        ["query", "tx", Hash],
        ["query", "validator", Address],
        ["query", "validators"],
        ["transfer", "--to", Address, "--amount", "5", "--key", _key],
        ["transfer", "--to", Address, "--amount", "5", "--key", _key, "--no-wait"],
        ["stake", "--amount", "5", "--key", _key],
        ["unstake", "--amount", "5", "--key", _key],
        ["unjail", "--key", _key],
        ["withdraw", "--key", _key],
        ["dispute", "list"],
        ["dispute", "show", "1"],
        ["l2", "disputes", "--once"],
        ["l2", "disputes", "--output", "1"],
        ["zk", "register", "--rollup-id", "3", "--key", _key],
        ["zk", "deposit", "--rollup-id", "3", "--to", "1", "--public-key", ZkPublicKey, "--amount", "5", "--key", _key],
        ["zk", "exodus", "--rollup-id", "3", "--account", "1", "--zk-key", _zkKey, "--key", _key],
        ["zk", "exodus", "--rollup-id", "3", "--refund", "0", "--key", _key],
    ];

    // A ZK key file as `lamina keys new --scheme zk` writes it (seed 0x01 × 32 and its public key).
    private const string ZkPublicKey = "0x9c7104fb28e05ceb80a507c89a8187589db8278368272c66e21e2dff03bb02c2e63b3e8a48d53441";
    private string _zkKey = "";

    [Fact]
    public async Task Every_command_against_every_wrong_endpoint_fails_with_one_typed_line()
    {
        var failures = new List<string>();
        foreach (var defect in FakeEndpoint.Defects)
        {
            var url = _server.Url(defect).ToString();
            SetTimeoutFor(defect);
            foreach (var command in RpcCommands())
            {
                var (exit, output) = await CliRun.RunAsync([.. command, "--rpc", url]);
                var text = output.TrimEnd();
                var what = $"lamina {string.Join(' ', command)} --rpc {url}";
                if (exit == 0) failures.Add($"{what}: exit code 0\n{text}");
                else if (text.Contains('\n')) failures.Add($"{what}: more than one line\n{text}");
                else if (!text.StartsWith("error: ", StringComparison.Ordinal)) failures.Add($"{what}: not an error line: {text}");
                else if (text.Contains("Exception", StringComparison.Ordinal) || text.Contains("internal error", StringComparison.Ordinal)) failures.Add($"{what}: {text}");
                else if (!text.Contains(url, StringComparison.Ordinal) && !IsNotFound(text)) failures.Add($"{what}: the error does not name the URL: {text}");
                else if ((defect == "hang") != text.Contains($"did not answer", StringComparison.Ordinal)) failures.Add($"{what}: {text}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} runs went wrong:\n" + string.Join("\n", failures));
    }

    /// <summary>A JSON-RPC null result is a valid "unknown" for a transaction or a validator.</summary>
    private static bool IsNotFound(string line)
        => line is "error: no such transaction (neither pending nor included)" or "error: this address has never staked";

    [Theory]
    [InlineData("metrics-text", "answered HTTP 200 with text/plain, not JSON-RPC: is this the node's /rpc URL?")]
    [InlineData("html-404", "answered HTTP 404 with text/html, not JSON-RPC: is this the node's /rpc URL?")]
    [InlineData("bare-null-result", "with JSON that has no \"jsonrpc\": \"2.0\", so it is not a JSON-RPC response: is this the node's /rpc URL?")]
    [InlineData("null-result", "l1_chainId at ")]
    [InlineData("hang", "did not answer l1_chainId within 1 s: is the node overloaded, or is this not its /rpc URL?")]
    public async Task A_transfer_says_what_answered_and_what_to_check(string defect, string expected)
    {
        SetTimeoutFor(defect);
        var (exit, output) = await CliRun.RunAsync("transfer", "--to", Address, "--amount", "5", "--key", _key, "--rpc", _server.Url(defect).ToString());
        Assert.Equal(1, exit);
        Assert.True(output.Contains(expected, StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task A_node_that_is_not_running_is_a_client_error_not_a_server_code()
    {
        var (exit, output) = await CliRun.RunAsync("query", "head", "--rpc", "http://127.0.0.1:1/rpc");
        Assert.Equal(1, exit);
        Assert.Contains("is the node running?", output);
        Assert.DoesNotContain("-32603", output);
    }

    [Fact]
    public async Task A_node_error_prints_its_reason()
    {
        var (exit, output) = await CliRun.RunAsync("query", "head", "--rpc", _server.Url("rpc-error").ToString());
        Assert.Equal(1, exit);
        Assert.Equal("error: rejected (NonceTooLow): nonce too low", output.TrimEnd());
    }
}
