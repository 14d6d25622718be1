using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lamina.Node;

/// <summary>config.json in a node's home. Unknown fields are refused so typos do not silently fall back to defaults.</summary>
public sealed class NodeConfig
{
    [JsonPropertyName("name")] public string Name { get; set; } = "node";
    private string? _role;

    /// <summary>
    /// The node's first role. Configs written before role sets have only this field, and it still works alone;
    /// with <see cref="Roles"/> it defaults to the first of them and, if given, must be one of them.
    /// </summary>
    [JsonPropertyName("role")]
    public string Role
    {
        get => _role ?? (Roles is [string first, ..] ? first : "validator");
        // System.Text.Json does not enforce nullability: "role": null must be refused, not read as "no role given".
        set => _role = value ?? throw new JsonException("role must be a string such as \"validator\", not null");
    }

    /// <summary>The roles this node runs (e.g. ["validator", "da"]); each selects the node modules that serve it.</summary>
    [JsonPropertyName("roles")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Roles { get; set; }

    /// <summary>The roles in effect: <see cref="Roles"/> when given, else the single <see cref="Role"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RoleSet => Roles ?? [Role];
    [JsonPropertyName("rpcListen")] public string RpcListen { get; set; } = "http://127.0.0.1:26657";
    [JsonPropertyName("blockIntervalMs")] public int BlockIntervalMs { get; set; } = 250;
    [JsonPropertyName("validatorKeyFile")] public string? ValidatorKeyFile { get; set; } = "validator.key";
    [JsonPropertyName("genesisFile")] public string GenesisFile { get; set; } = "genesis.json";
    [JsonPropertyName("dataDir")] public string DataDir { get; set; } = "data";
    [JsonPropertyName("mempoolMaxTransactions")] public int MempoolMaxTransactions { get; set; } = 20_000;
    /// <summary>Peer-to-peer listen address, host:port.</summary>
    [JsonPropertyName("p2pListen")] public string P2PListen { get; set; } = "127.0.0.1:0";
    /// <summary>Peers to keep connected, as host:port or host:port@0xnodeAddress (the address pins the peer's node key).</summary>
    [JsonPropertyName("persistentPeers")] public List<string> PersistentPeers { get; set; } = [];
    /// <summary>Messages per second a peer may send before each further one costs it spam points.</summary>
    [JsonPropertyName("p2pMaxInboundPerSecond")] public int P2PMaxInboundPerSecond { get; set; } = 20_000;
    [JsonPropertyName("nodeKeyFile")] public string NodeKeyFile { get; set; } = "node.key";
    [JsonPropertyName("timeoutProposeMs")] public int TimeoutProposeMs { get; set; } = 1_000;
    [JsonPropertyName("timeoutVoteMs")] public int TimeoutVoteMs { get; set; } = 500;
    [JsonPropertyName("timeoutDeltaMs")] public int TimeoutDeltaMs { get; set; } = 250;
    /// <summary>/health answers 503 once no block has been committed for this long.</summary>
    [JsonPropertyName("healthStallAfterSeconds")] public int HealthStallAfterSeconds { get; set; } = 30;
    /// <summary>WebSocket (/ws) subscribers served at once; more are refused with HTTP 503.</summary>
    [JsonPropertyName("maxWebSocketSubscribers")] public int MaxWebSocketSubscribers { get; set; } = 256;
    /// <summary>With the da role: how many of the 128 PeerDAS custody groups this node holds (PeerDAS requires at least 4).</summary>
    [JsonPropertyName("daCustodyGroups")] public int DaCustodyGroups { get; set; } = Lamina.DataAvailability.Custody.CustodyGroups.CustodyRequirement;
    /// <summary>
    /// With the da role alone (no full or validator role): the RPC URL of the L1 node whose headers this DA node's light
    /// client verifies; its columns then come from peers (persistentPeers), each checked against the verified data root.
    /// </summary>
    [JsonPropertyName("daL1Rpc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DaL1Rpc { get; set; }
    /// <summary>
    /// On an L1 node with blobs: the RPC URL of a light node whose sampling verdicts this node's explorer shows in its DA
    /// panel (explorer_lightStatus fetches its light_status).
    /// </summary>
    [JsonPropertyName("explorerLightRpc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExplorerLightRpc { get; set; }
    /// <summary>On an L1 node: the RPC URLs of L2 nodes (sequencer, verifier) whose heads its explorer shows (explorer_l2Heads).</summary>
    [JsonPropertyName("explorerL2Rpcs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ExplorerL2Rpcs { get; set; }
    /// <summary>
    /// Committed blocks' blob sidecars kept in the store: for this many blocks below the head (null: the chain's
    /// retention window, genesis retentionBlocks, 4,096 by default), and at most <see cref="BlobStoreMaxBytes"/> bytes
    /// of them (the oldest go first). About 3 GB at the blob limit for the whole default window. Block sync asks other
    /// peers for sidecars this node no longer holds.
    /// </summary>
    [JsonPropertyName("blobStoreRetentionBlocks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? BlobStoreRetentionBlocks { get; set; }
    [JsonPropertyName("blobStoreMaxBytes")] public long BlobStoreMaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;
    /// <summary>
    /// Fault injection for end-to-end tests only: "all" or "part" makes this validator, when it proposes, withhold all
    /// or part of its blobs' sidecars (<see cref="Sidecars.SidecarFault"/>). Absent on every honest node.
    /// </summary>
    [JsonPropertyName("faultWithholdSidecars")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FaultWithholdSidecars { get; set; }
    /// <summary>With the light role: the RPC URL of the L1 node whose light blocks it verifies.</summary>
    [JsonPropertyName("lightRpc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LightRpc { get; set; }
    /// <summary>With the light role: the RPC URLs of the DA nodes it samples.</summary>
    [JsonPropertyName("lightDaNodes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? LightDaNodes { get; set; }
    /// <summary>With the light role: cells sampled per block (Celestia's default 16).</summary>
    [JsonPropertyName("lightSamples")] public int LightSamples { get; set; } = 16;
    /// <summary>With the sequencer or verifier role: the optimistic rollup and the L1 node it reaches.</summary>
    [JsonPropertyName("l2")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Optimistic.L2RoleConfig? L2 { get; set; }
    /// <summary>With the zk-operator role: the ZK rollup, the L1 node it reaches and how it batches.</summary>
    [JsonPropertyName("zk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Zk.ZkRoleConfig? Zk { get; set; }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public const string FileName = "config.json";

    /// <summary>Reads and validates config.json; <paramref name="knownRoles"/> defaults to the roles of the built-in node modules.</summary>
    public static NodeConfig Load(string home, IReadOnlyList<string>? knownRoles = null)
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
        config.Validate(path, knownRoles);
        return config;
    }

    public void Validate(string source, IReadOnlyList<string>? knownRoles = null)
    {
        // JSON null is legal for any reference-typed field; name the field instead of failing later on a null.
        foreach (var (field, value) in new[] { ("name", Name), ("role", Role), ("rpcListen", RpcListen), ("p2pListen", P2PListen), ("genesisFile", GenesisFile), ("dataDir", DataDir), ("nodeKeyFile", NodeKeyFile) })
        {
            if (value is null) throw new ConfigException($"{source}: {field} cannot be null");
        }
        if (!Uri.TryCreate(RpcListen, UriKind.Absolute, out var uri) || uri.Scheme != "http") throw new ConfigException($"{source}: rpcListen must be an http:// URL such as http://127.0.0.1:26657");
        if (BlockIntervalMs is < 10 or > 600_000) throw new ConfigException($"{source}: blockIntervalMs must be between 10 and 600000");
        ValidateRoles(source, knownRoles ?? Modules.NodeModules.BuiltInRoles);
        if (RoleSet.Contains(Modules.L1NodeModule.Validator) && string.IsNullOrEmpty(ValidatorKeyFile)) throw new ConfigException($"{source}: a validator needs validatorKeyFile");
        if (MempoolMaxTransactions < 1) throw new ConfigException($"{source}: mempoolMaxTransactions must be positive");
        _ = ParseEndPoint(P2PListen, $"{source}: p2pListen");
        if (P2PMaxInboundPerSecond is < 100 or > 1_000_000) throw new ConfigException($"{source}: p2pMaxInboundPerSecond must be between 100 and 1000000");
        if (PersistentPeers is null) throw new ConfigException($"{source}: persistentPeers must be a list of \"host:port\" strings (use [] for none)");
        for (var i = 0; i < PersistentPeers.Count; i++) _ = ParsePeer(PersistentPeers[i], $"{source}: persistentPeers[{i}]");
        if (HealthStallAfterSeconds is < 1 or > 86_400) throw new ConfigException($"{source}: healthStallAfterSeconds must be between 1 and 86400");
        if (FaultWithholdSidecars is not (null or "all" or "part")) throw new ConfigException($"{source}: faultWithholdSidecars must be \"all\" or \"part\"");
        if (BlobStoreRetentionBlocks is < 1 or > 10_000_000) throw new ConfigException($"{source}: blobStoreRetentionBlocks must be between 1 and 10000000");
        if (BlobStoreMaxBytes < 1024 * 1024) throw new ConfigException($"{source}: blobStoreMaxBytes must be at least 1 MiB (1048576)");
        if (DaL1Rpc is not null && !Uri.TryCreate(DaL1Rpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: daL1Rpc must be an absolute URL");
        if (ExplorerLightRpc is not null && !Uri.TryCreate(ExplorerLightRpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: explorerLightRpc must be an absolute URL");
        if (ExplorerL2Rpcs is { } l2 && l2.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _))) throw new ConfigException($"{source}: explorerL2Rpcs must be absolute URLs");
        if (LightSamples is < 1 or > 256) throw new ConfigException($"{source}: lightSamples must be between 1 and 256");
        if (DaCustodyGroups is < 1 or > Lamina.DataAvailability.Custody.CustodyGroups.GroupCount) throw new ConfigException($"{source}: daCustodyGroups must be between 1 and {Lamina.DataAvailability.Custody.CustodyGroups.GroupCount}");
        if (MaxWebSocketSubscribers is < 0 or > 100_000) throw new ConfigException($"{source}: maxWebSocketSubscribers must be between 0 and 100000");
        if (TimeoutProposeMs is < 10 or > 600_000 || TimeoutVoteMs is < 10 or > 600_000 || TimeoutDeltaMs is < 0 or > 600_000)
        {
            throw new ConfigException($"{source}: consensus timeouts must be between 10 ms and 10 minutes");
        }
    }

    private void ValidateRoles(string source, IReadOnlyList<string> known)
    {
        var listed = $"known roles: {string.Join(", ", known)}";
        if (Roles is { Count: 0 }) throw new ConfigException($"{source}: roles must name at least one role; {listed}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in RoleSet)
        {
            if (role is null) throw new ConfigException($"{source}: roles must not contain null; {listed}");
            if (!known.Contains(role)) throw new ConfigException($"{source}: role \"{role}\" is unknown; {listed}");
            if (!seen.Add(role)) throw new ConfigException($"{source}: role \"{role}\" is listed twice in roles");
        }
        if (_role is not null && Roles is not null && !Roles.Contains(_role))
        {
            throw new ConfigException($"{source}: role \"{_role}\" is not one of roles [{string.Join(", ", Roles)}]; drop \"role\" or list it in \"roles\"");
        }
    }

    public void Save(string home) => File.WriteAllText(Path.Combine(home, FileName), JsonSerializer.Serialize(this, Options));

    public static System.Net.IPEndPoint ParseEndPoint(string text, string what)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            throw new ConfigException($"{what}: '{text}' must be host:port, e.g. 127.0.0.1:27657");
        }
        var host = text[..colon];
        if (host == "localhost") host = "127.0.0.1";
        if (!System.Net.IPAddress.TryParse(host, out var address)) throw new ConfigException($"{what}: '{host}' must be an IP address");
        return new System.Net.IPEndPoint(address, port);
    }

    public static (System.Net.IPEndPoint EndPoint, Lamina.Core.Address? Id) ParsePeer(string? text, string what)
    {
        if (text is null) throw new ConfigException($"{what}: a peer cannot be null; write it as \"host:port\" or \"host:port@0xnodeAddress\"");
        var at = text.IndexOf('@');
        if (at < 0) return (ParseEndPoint(text, what), null);
        if (!Lamina.Core.Address.TryParse(text[(at + 1)..], out var id)) throw new ConfigException($"{what}: '{text}' has a node address that is not 0x + 40 hex digits");
        return (ParseEndPoint(text[..at], what), id);
    }
}
