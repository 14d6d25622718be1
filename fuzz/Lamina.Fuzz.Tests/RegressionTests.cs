namespace Lamina.Fuzz.Tests;

/// <summary>
/// Inputs that once crashed a target, kept under regressions/&lt;target&gt;/ (copied next to the test assembly).
/// Each must now pass its target: rejected with the typed exception, or accepted and round-tripped.
/// </summary>
public sealed class RegressionTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "regressions");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir), Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Former_crash_input_passes(string target, string file)
    {
        Assert.True(FuzzTargets.Table.ContainsKey(target), $"regressions/{target} is not a target");
        FuzzTargets.Table[target](File.ReadAllBytes(Path.Combine(Root, target, file)));
    }

    [Fact]
    public void Genesis_validator_names_stay_with_their_keys_when_the_file_is_not_sorted()
    {
        // Found by the genesis target: FromFile kept names in file order while the validator set sorts by address,
        // so ToJson (and 'lamina init') paired names with the wrong keys.
        var json = File.ReadAllText(Path.Combine(Root, "genesis", "validator-names-in-unsorted-file-order.json"));
        var config = L1.Genesis.GenesisConfig.Parse(json);
        var file = config.ToFile();
        Assert.Equal("node-3", file.Validators!.Single(v => v.PublicKey == "0x5adde9036eeda7280690a60cc1e6392bf4d40e64eda5b656d7bab074599c1316").Name);
        Assert.Equal("node-0", file.Validators!.Single(v => v.PublicKey == "0x1f894baeae4661dbd75436bf526f73d521d3a5aac7760d9e737abc7978b8cedf").Name);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"\ud800","method":"l1_chainId","params":[]}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"\ud800","method":"l1_head"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"l1_head","\udc00":1}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"l1_getAccount","params":["\ud800"]}""")]
    public async Task Rpc_answers_an_unpaired_surrogate_escape_with_a_json_rpc_error(string body)
    {
        // Found by the rpc target: System.Text.Json throws InvalidOperationException (not JsonException) when it
        // unescapes a string holding a lone UTF-16 surrogate, which escaped Handle as an HTTP 500.
        var response = await RpcFixture.Shared.HandleAsync(body);
        Assert.NotNull(response);
        var error = System.Text.Json.Nodes.JsonNode.Parse(response)!["error"]!;
        Assert.Contains((int)error["code"]!, new[] { -32700, -32600, -32602 });
    }
}
