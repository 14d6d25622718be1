using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.Node.Hosting;
using Lamina.Node.Keys;

namespace Lamina.Node.Tests;

/// <summary>Configuration and key files: every mistake is a <see cref="ConfigException"/> that names the problem.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lamina-config-tests-" + Guid.NewGuid().ToString("N"));

    public ConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConfigException LoadFails(string json)
    {
        File.WriteAllText(Path.Combine(_dir, NodeConfig.FileName), json);
        return Assert.Throws<ConfigException>(() => NodeConfig.Load(_dir));
    }

    [Fact]
    public void Saved_config_loads_back()
    {
        new NodeConfig { Name = "n1", RpcListen = "http://127.0.0.1:1234", BlockIntervalMs = 50, Role = "full", MempoolMaxTransactions = 7 }.Save(_dir);
        var loaded = NodeConfig.Load(_dir);
        Assert.Equal("n1", loaded.Name);
        Assert.Equal("http://127.0.0.1:1234", loaded.RpcListen);
        Assert.Equal(50, loaded.BlockIntervalMs);
        Assert.Equal("full", loaded.Role);
        Assert.Equal(7, loaded.MempoolMaxTransactions);
    }

    [Fact]
    public void Missing_home_says_the_file_does_not_exist_and_how_to_create_it()
    {
        var missing = Path.Combine(_dir, "no-such-home");
        var e = Assert.Throws<ConfigException>(() => NodeConfig.Load(missing));
        Assert.Contains(Path.Combine(missing, NodeConfig.FileName), e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("lamina init", e.Message);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"name\": }")]
    [InlineData("[1,2,3]")]
    [InlineData("not json")]
    [InlineData("")]
    public void Invalid_json_is_refused(string json)
    {
        var e = LoadFails(json);
        Assert.Contains(NodeConfig.FileName, e.Message);
        Assert.Contains("not a valid node config", e.Message);
    }

    [Fact]
    public void Null_document_is_refused_as_empty()
    {
        Assert.Contains("is empty", LoadFails("null").Message);
    }

    [Fact]
    public void Unknown_field_is_refused_by_name()
    {
        var e = LoadFails("{\"name\":\"a\",\"blockIntervalMS\":50}");
        Assert.Contains("blockIntervalMS", e.Message);
    }

    [Fact]
    public void Wrong_typed_field_is_refused()
    {
        var e = LoadFails("{\"blockIntervalMs\":\"fast\"}");
        Assert.Contains("blockIntervalMs", e.Message);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("https://127.0.0.1:26657")]
    [InlineData("127.0.0.1:26657")]
    [InlineData("")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Bad_rpc_listen_is_refused(string rpcListen)
    {
        var e = LoadFails($"{{\"rpcListen\":\"{rpcListen}\"}}");
        Assert.Contains("rpcListen", e.Message);
        Assert.Contains("http://", e.Message);
    }

    [Theory]
    [InlineData("{\"blockIntervalMs\":0}", "blockIntervalMs")]
    [InlineData("{\"blockIntervalMs\":600001}", "blockIntervalMs")]
    [InlineData("{\"role\":\"miner\"}", "role")]
    [InlineData("{\"role\":\"validator\",\"validatorKeyFile\":null}", "validatorKeyFile")]
    [InlineData("{\"mempoolMaxTransactions\":0}", "mempoolMaxTransactions")]
    [InlineData("{\"blobStoreRetentionBlocks\":0}", "blobStoreRetentionBlocks")]
    [InlineData("{\"blobStoreMaxBytes\":1000}", "blobStoreMaxBytes")]
    public void Out_of_range_values_are_refused_by_name(string json, string field)
    {
        Assert.Contains(field, LoadFails(json).Message);
    }

    [Theory]
    [InlineData("{\"persistentPeers\":[null]}", "persistentPeers[0]")]
    [InlineData("{\"persistentPeers\":[\"127.0.0.1:1\",null]}", "persistentPeers[1]")]
    [InlineData("{\"persistentPeers\":null}", "persistentPeers")]
    [InlineData("{\"p2pListen\":null}", "p2pListen")]
    [InlineData("{\"name\":null}", "name")]
    [InlineData("{\"dataDir\":null}", "dataDir")]
    public void Null_values_are_refused_by_field_name(string json, string field)
    {
        // Found by the node-config fuzz target (seed 20261206): a null peer crashed ParsePeer with a NullReferenceException.
        Assert.Contains(field, LoadFails(json).Message);
    }

    [Fact]
    public void Key_file_round_trips()
    {
        using var key = SigningKey.Generate();
        var path = Path.Combine(_dir, "k.key");
        KeyFile.Write(path, key);
        using var read = KeyFile.Read(path);
        Assert.Equal(key.Address, read.Address);
        Assert.Equal(key.PublicKey, read.PublicKey);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Damaged_key_file_with_a_mismatched_address_is_refused()
    {
        using var key = SigningKey.Generate();
        using var other = SigningKey.Generate();
        var path = Path.Combine(_dir, "damaged.key");
        KeyFile.Write(path, key);
        File.WriteAllText(path, File.ReadAllText(path).Replace(key.Address.ToString(), other.Address.ToString(), StringComparison.Ordinal));
        var e = Assert.Throws<ConfigException>(() => KeyFile.Read(path));
        Assert.Contains("does not match", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("{\"type\":\"secp256k1\",\"seed\":\"0x00\"}")]
    [InlineData("{\"type\":\"ed25519\"}")]
    [InlineData("{\"type\":\"ed25519\",\"seed\":\"0x1234\"}")]
    [InlineData("{\"type\":\"ed25519\",\"seed\":\"zz\"}")]
    [InlineData("{\"type\":\"ed25519\",\"seed\":42}")]
    public void Broken_key_files_are_refused(string json)
    {
        var path = Path.Combine(_dir, "broken.key");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ConfigException>(() => KeyFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_key_file_is_refused()
    {
        var path = Path.Combine(_dir, "absent.key");
        var e = Assert.Throws<ConfigException>(() => KeyFile.Read(path));
        Assert.Contains("lamina keys new", e.Message);
        Assert.DoesNotContain(".;", e.Message); // the file system's message ends with a period of its own
    }

    [Fact]
    public void Building_a_node_with_a_damaged_validator_key_fails_with_a_config_error()
    {
        using var home = new Support.TestHome();
        var keyPath = Path.Combine(home.Path, "validator.key");
        File.WriteAllText(keyPath, File.ReadAllText(keyPath).Replace(home.Validator.Address.ToString(), Address.Zero.ToString(), StringComparison.Ordinal));
        Assert.Throws<ConfigException>(() => LaminaNodeHost.Build(home.Path));
    }

    [Fact]
    public void Dev_keys_are_deterministic_and_distinct()
    {
        using var a = KeyFile.DevKey(0);
        using var b = KeyFile.DevKey(0);
        using var c = KeyFile.DevKey(1);
        Assert.Equal(a.Address, b.Address);
        Assert.NotEqual(a.Address, c.Address);
    }
}
