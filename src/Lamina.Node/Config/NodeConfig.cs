using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lamina.Node;

/// <summary>config.json in a node's home. Unknown fields are refused so typos do not silently fall back to defaults.</summary>
public sealed class NodeConfig
{
    [JsonPropertyName("name")] public string Name { get; set; } = "node";
    [JsonPropertyName("role")] public string Role { get; set; } = "validator";
    [JsonPropertyName("rpcListen")] public string RpcListen { get; set; } = "http://127.0.0.1:26657";
    [JsonPropertyName("blockIntervalMs")] public int BlockIntervalMs { get; set; } = 250;
    [JsonPropertyName("validatorKeyFile")] public string? ValidatorKeyFile { get; set; } = "validator.key";
    [JsonPropertyName("genesisFile")] public string GenesisFile { get; set; } = "genesis.json";
    [JsonPropertyName("dataDir")] public string DataDir { get; set; } = "data";
    [JsonPropertyName("mempoolMaxTransactions")] public int MempoolMaxTransactions { get; set; } = 20_000;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public const string FileName = "config.json";

    public static NodeConfig Load(string home)
    {
        var path = Path.Combine(home, FileName);
        if (!File.Exists(path)) throw new ConfigException($"{path} does not exist; run 'lamina init --home {home}' first");
        NodeConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path} is not a valid node config: {e.Message}");
        }
        if (config is null) throw new ConfigException($"{path} is empty");
        config.Validate(path);
        return config;
    }

    public void Validate(string source)
    {
        if (!Uri.TryCreate(RpcListen, UriKind.Absolute, out var uri) || uri.Scheme != "http") throw new ConfigException($"{source}: rpcListen must be an http:// URL such as http://127.0.0.1:26657");
        if (BlockIntervalMs is < 10 or > 600_000) throw new ConfigException($"{source}: blockIntervalMs must be between 10 and 600000");
        if (Role is not ("validator" or "full")) throw new ConfigException($"{source}: role must be \"validator\" or \"full\"");
        if (Role == "validator" && string.IsNullOrEmpty(ValidatorKeyFile)) throw new ConfigException($"{source}: a validator needs validatorKeyFile");
        if (MempoolMaxTransactions < 1) throw new ConfigException($"{source}: mempoolMaxTransactions must be positive");
    }

    public void Save(string home) => File.WriteAllText(Path.Combine(home, FileName), JsonSerializer.Serialize(this, Options));
}
