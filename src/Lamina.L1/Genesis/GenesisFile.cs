using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lamina.L1.Genesis;

/// <summary>The JSON shape of genesis.json. Amounts are decimal strings because they exceed JSON's safe integers.</summary>
public sealed class GenesisFile
{
    [JsonPropertyName("chainId")] public string? ChainId { get; set; }
    [JsonPropertyName("genesisTimeMs")] public ulong GenesisTimeMs { get; set; }
    [JsonPropertyName("blockGasLimit")] public ulong BlockGasLimit { get; set; }
    [JsonPropertyName("maxBlockBytes")] public int MaxBlockBytes { get; set; }
    [JsonPropertyName("initialBaseFee")] public ulong InitialBaseFee { get; set; }
    [JsonPropertyName("minTipPerGas")] public ulong MinTipPerGas { get; set; }
    [JsonPropertyName("validators")] public List<GenesisValidatorEntry>? Validators { get; set; }
    [JsonPropertyName("balances")] public List<GenesisBalanceEntry>? Balances { get; set; }
    [JsonPropertyName("staking")] public GenesisStakingEntry? Staking { get; set; }
    /// <summary>Present: the chain carries data-availability blobs (see <see cref="GenesisBlobsEntry"/>).</summary>
    [JsonPropertyName("blobs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GenesisBlobsEntry? Blobs { get; set; }
    /// <summary>Present (even empty): the chain runs the rollups module, with these rollups registered (see <see cref="GenesisRollupEntry"/>).</summary>
    [JsonPropertyName("rollups")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<GenesisRollupEntry>? Rollups { get; set; }
    /// <summary>
    /// True: the rollups module's dispute games derive each disputed block's transaction list on L1 from the batch
    /// blobs, instead of playing the list the proposer reveals (see <c>OutputGameConfig.DerivedLists</c>). Needs "rollups".
    /// </summary>
    [JsonPropertyName("derivedRollupLists")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? DerivedRollupLists { get; set; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };
}

public sealed class GenesisValidatorEntry
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("publicKey")] public string? PublicKey { get; set; }
    [JsonPropertyName("power")] public ulong Power { get; set; }
}

public sealed class GenesisBalanceEntry
{
    [JsonPropertyName("address")] public string? Address { get; set; }
    [JsonPropertyName("amount")] public string? Amount { get; set; }
}

/// <summary>Proof-of-stake parameters; every field is optional and defaults to <c>StakingParameters.Default</c>.</summary>
public sealed class GenesisStakingEntry
{
    [JsonPropertyName("minSelfStake")] public string? MinSelfStake { get; set; }
    [JsonPropertyName("powerUnit")] public string? PowerUnit { get; set; }
    [JsonPropertyName("unbondingPeriodBlocks")] public ulong? UnbondingPeriodBlocks { get; set; }
    [JsonPropertyName("epochLengthBlocks")] public ulong? EpochLengthBlocks { get; set; }
    [JsonPropertyName("slashFractionBasisPoints")] public uint? SlashFractionBasisPoints { get; set; }
    [JsonPropertyName("jailBlocks")] public ulong? JailBlocks { get; set; }
    [JsonPropertyName("evidenceMaxAgeBlocks")] public ulong? EvidenceMaxAgeBlocks { get; set; }
    [JsonPropertyName("maxValidators")] public int? MaxValidators { get; set; }
}
