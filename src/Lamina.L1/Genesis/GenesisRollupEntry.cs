using System.Globalization;
using System.Text.Json.Serialization;
using Lamina.Core;
using Lamina.L1.Rollups;

namespace Lamina.L1.Genesis;

/// <summary>
/// One rollup of genesis.json's "rollups" section (an array). The section's presence, even empty, turns the rollups
/// module on for the chain (<see cref="RollupsModule"/>); it needs the "blobs" section, since batches are blobs.
/// Every field is required except the L2 fee schedule (<see cref="RollupL2Fees"/>: absent means free): see
/// <see cref="RollupConfig"/> for what each means.
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
    /// <summary>Decimal string (an L2 amount); absent = 0.</summary>
    [JsonPropertyName("l2ExecutionFee")] public string? L2ExecutionFee { get; set; }
    [JsonPropertyName("l2DataBytesPerTransaction")] public uint? L2DataBytesPerTransaction { get; set; }
    [JsonPropertyName("l2MinDataBytes")] public uint? L2MinDataBytes { get; set; }
    /// <summary>The dispute game's clock per side and its extension (both or neither; absent = derived from the challenge window).</summary>
    [JsonPropertyName("disputeClockSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? DisputeClockSeconds { get; set; }
    [JsonPropertyName("disputeExtensionSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? DisputeExtensionSeconds { get; set; }

    public static GenesisRollupEntry From(RollupConfig config) => new()
    {
        Id = config.Id,
        L2ChainId = config.L2ChainId,
        GenesisOutputRoot = config.GenesisOutputRoot.ToString(),
        ProposerBond = config.ProposerBond.ToString(CultureInfo.InvariantCulture),
        ChallengeWindowSeconds = config.ChallengeWindowSeconds,
        SequencingWindowBlocks = config.SequencingWindowBlocks,
        BatchPoster = config.BatchPoster.ToString(),
        L2ExecutionFee = config.L2Fees.ExecutionFee.ToString(CultureInfo.InvariantCulture),
        L2DataBytesPerTransaction = config.L2Fees.DataBytesPerTransaction,
        L2MinDataBytes = config.L2Fees.MinDataBytes,
        DisputeClockSeconds = config.HasDisputeClock ? config.DisputeClockSeconds : null,
        DisputeExtensionSeconds = config.HasDisputeClock ? config.DisputeExtensionSeconds : null,
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
            ulong executionFee = 0;
            if (entry.L2ExecutionFee is not null && !ulong.TryParse(entry.L2ExecutionFee, NumberStyles.None, CultureInfo.InvariantCulture, out executionFee))
                throw new GenesisException($"{at}.l2ExecutionFee must be a decimal integer string below 2^64");
            var fees = new RollupL2Fees(executionFee, entry.L2DataBytesPerTransaction ?? 0, entry.L2MinDataBytes ?? 0);
            if (entry.DisputeClockSeconds.HasValue != entry.DisputeExtensionSeconds.HasValue)
                throw new GenesisException($"{at}: disputeClockSeconds and disputeExtensionSeconds go together (give both or neither)");
            configs.Add(new RollupConfig(entry.Id, entry.L2ChainId, root, bond, entry.ChallengeWindowSeconds, entry.SequencingWindowBlocks, poster, fees,
                entry.DisputeClockSeconds ?? 0, entry.DisputeExtensionSeconds ?? 0));
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
