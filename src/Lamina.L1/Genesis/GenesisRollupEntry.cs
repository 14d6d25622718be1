using System.Globalization;
using System.Text.Json.Serialization;
using Lamina.Core;
using Lamina.L1.Rollups;

namespace Lamina.L1.Genesis;

/// <summary>
/// One rollup of genesis.json's "rollups" section (an array). The section's presence, even empty, turns the rollups
/// module on for the chain (<see cref="RollupsModule"/>); it needs the "blobs" section, since batches are blobs.
/// Every field is required: see <see cref="RollupConfig"/> for what each means.
/// </summary>
public sealed class GenesisRollupEntry
{
    [JsonPropertyName("id")] public ulong Id { get; set; }
    [JsonPropertyName("l2ChainId")] public ulong L2ChainId { get; set; }
    [JsonPropertyName("genesisOutputRoot")] public string? GenesisOutputRoot { get; set; }
    /// <summary>Decimal string, like every amount in genesis.json.</summary>
    [JsonPropertyName("proposerBond")] public string? ProposerBond { get; set; }
    [JsonPropertyName("challengeWindowSeconds")] public ulong ChallengeWindowSeconds { get; set; }
    [JsonPropertyName("sequencingWindowBlocks")] public ulong SequencingWindowBlocks { get; set; }
    [JsonPropertyName("batchPoster")] public string? BatchPoster { get; set; }

    public static GenesisRollupEntry From(RollupConfig config) => new()
    {
        Id = config.Id,
        L2ChainId = config.L2ChainId,
        GenesisOutputRoot = config.GenesisOutputRoot.ToString(),
        ProposerBond = config.ProposerBond.ToString(CultureInfo.InvariantCulture),
        ChallengeWindowSeconds = config.ChallengeWindowSeconds,
        SequencingWindowBlocks = config.SequencingWindowBlocks,
        BatchPoster = config.BatchPoster.ToString(),
    };

    /// <summary>The validated configs of a "rollups" section, or null when the section is absent.</summary>
    public static IReadOnlyList<RollupConfig>? Parse(List<GenesisRollupEntry>? entries, bool blobs, string source)
    {
        if (entries is null) return null;
        if (!blobs) throw new GenesisException($"{source}: the \"rollups\" section needs a \"blobs\" section: rollup batches are blobs");
        var configs = new List<RollupConfig>();
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            var at = $"{source}: rollups[{i}]";
            if (!Hash256.TryParse(entry.GenesisOutputRoot, out var root)) throw new GenesisException($"{at}.genesisOutputRoot is not a 32-byte hex hash");
            if (!UInt128.TryParse(entry.ProposerBond, NumberStyles.None, CultureInfo.InvariantCulture, out var bond)) throw new GenesisException($"{at}.proposerBond must be a decimal integer string");
            if (!Address.TryParse(entry.BatchPoster, out var poster)) throw new GenesisException($"{at}.batchPoster is not a 20-byte hex address");
            configs.Add(new RollupConfig(entry.Id, entry.L2ChainId, root, bond, entry.ChallengeWindowSeconds, entry.SequencingWindowBlocks, poster));
        }
        return Validate(configs, source);
    }

    /// <summary>Refuses configs out of range, a repeated id, or more than <see cref="RollupLimits.MaxRollups"/>.</summary>
    public static IReadOnlyList<RollupConfig> Validate(IReadOnlyList<RollupConfig> configs, string source)
    {
        if (configs.Count > RollupLimits.MaxRollups) throw new GenesisException($"{source}: at most {RollupLimits.MaxRollups} rollups");
        var ids = new HashSet<ulong>();
        for (var i = 0; i < configs.Count; i++)
        {
            if (configs[i].Problem() is { } problem) throw new GenesisException($"{source}: rollups[{i}]: {problem}");
            if (!ids.Add(configs[i].Id)) throw new GenesisException($"{source}: rollups[{i}]: rollup id {configs[i].Id} appears twice");
        }
        return configs;
    }
}
