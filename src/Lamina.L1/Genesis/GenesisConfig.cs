using System.Globalization;
using System.Text.Json;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Rollups;
using Lamina.L1.Staking;

namespace Lamina.L1.Genesis;

/// <summary>A validated genesis: chain id, parameters, the first validator set and initial balances.</summary>
public sealed class GenesisConfig
{
    public GenesisConfig(string chainId, ulong genesisTimeMs, ChainParameters parameters, ValidatorSet validators,
        IReadOnlyList<(Address Address, UInt128 Amount)> balances, IReadOnlyList<string>? validatorNames = null, StakingParameters? staking = null, BlobParameters? blobs = null,
        IReadOnlyList<RollupConfig>? rollups = null, bool derivedRollupLists = false)
    {
        if (rollups is not null && blobs is null) throw new GenesisException("a chain with the rollups module needs blobs: rollup batches are blobs");
        if (derivedRollupLists && rollups is null) throw new GenesisException("derivedRollupLists needs the rollups module: add a \"rollups\" section (it may be empty)");
        DerivedRollupLists = derivedRollupLists;
        Rollups = rollups is null ? null : GenesisRollupEntry.Validate(rollups, "genesis");
        Staking = staking ?? StakingParameters.Default;
        blobs?.Validate();
        Blobs = blobs;
        ChainId = chainId;
        GenesisTimeMs = genesisTimeMs;
        Parameters = parameters;
        Validators = validators;
        Balances = balances;
        ValidatorNames = validatorNames ?? [];
    }

    public string ChainId { get; }
    public ulong GenesisTimeMs { get; }
    public ChainParameters Parameters { get; }
    public ValidatorSet Validators { get; }
    public IReadOnlyList<(Address Address, UInt128 Amount)> Balances { get; }
    public IReadOnlyList<string> ValidatorNames { get; }
    public StakingParameters Staking { get; }

    /// <summary>The blob module's parameters when the chain carries data-availability blobs; null when it does not.</summary>
    public BlobParameters? Blobs { get; }

    /// <summary>
    /// The rollups registered at genesis when the chain runs the rollups module (<see cref="RollupsModule"/>); null
    /// when it does not. Empty turns the module on with no rollup yet (they can be registered by transaction).
    /// </summary>
    public IReadOnlyList<RollupConfig>? Rollups { get; }

    /// <summary>
    /// The rollups module's dispute games derive a disputed block's transaction list on L1 from the batch blobs
    /// (<see cref="Rollups.Dispute.OutputGameConfig.DerivedLists"/>), which closes the hole of a proposer that keeps
    /// its list to itself; off, a game plays the list the proposer reveals. Consensus-relevant: it is in the hash.
    /// </summary>
    public bool DerivedRollupLists { get; }

    public static GenesisConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GenesisException($"cannot read genesis file {path}: {e.Message}; run 'lamina init' to create one", e);
        }
        return Parse(text, path);
    }

    public static GenesisConfig Parse(string json, string source = "genesis")
    {
        GenesisFile? file;
        try
        {
            file = JsonSerializer.Deserialize<GenesisFile>(json, GenesisFile.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new GenesisException($"{source} is not valid genesis JSON: {e.Message}", e);
        }
        if (file is null) throw new GenesisException($"{source} is empty");
        return FromFile(file, source);
    }

    public static GenesisConfig FromFile(GenesisFile file, string source = "genesis")
    {
        if (string.IsNullOrWhiteSpace(file.ChainId)) throw new GenesisException($"{source}: chainId is missing");
        if (file.ChainId.Length > 32 || file.ChainId.Any(c => c < 0x21 || c > 0x7e)) throw new GenesisException($"{source}: chainId must be 1-32 printable ASCII characters without spaces");
        if (file.BlockGasLimit < 21_000) throw new GenesisException($"{source}: blockGasLimit must be at least 21000 (one transfer)");
        if (file.MaxBlockBytes < 1024) throw new GenesisException($"{source}: maxBlockBytes must be at least 1024");
        if (file.InitialBaseFee == 0) throw new GenesisException($"{source}: initialBaseFee must be positive");
        if (file.Validators is not { Count: > 0 }) throw new GenesisException($"{source}: at least one validator is required");

        var validators = new List<Validator>();
        var names = new List<string>();
        foreach (var (entry, i) in file.Validators.Select((v, i) => (v, i)))
        {
            PublicKey key;
            try
            {
                key = PublicKey.Parse(entry.PublicKey ?? throw new GenesisException($"{source}: validators[{i}].publicKey is missing"));
            }
            catch (FormatException e)
            {
                throw new GenesisException($"{source}: validators[{i}].publicKey: {e.Message}", e);
            }
            if (entry.Power == 0) throw new GenesisException($"{source}: validators[{i}].power must be positive");
            validators.Add(new Validator(key, entry.Power));
            names.Add(entry.Name ?? $"validator-{i}");
        }
        ValidatorSet set;
        try
        {
            set = new ValidatorSet(validators);
        }
        catch (ArgumentException e)
        {
            throw new GenesisException($"{source}: {e.Message}", e);
        }

        var balances = new List<(Address, UInt128)>();
        var seen = new HashSet<Address>();
        foreach (var (entry, i) in (file.Balances ?? []).Select((b, i) => (b, i)))
        {
            if (!Address.TryParse(entry.Address, out var address)) throw new GenesisException($"{source}: balances[{i}].address is not a 20-byte hex address");
            if (!UInt128.TryParse(entry.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) throw new GenesisException($"{source}: balances[{i}].amount must be a non-negative decimal integer string");
            if (!seen.Add(address)) throw new GenesisException($"{source}: balances[{i}].address {address} appears twice");
            balances.Add((address, amount));
        }
        balances.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        // Total supply must fit in 128 bits with room for every later credit to be checked, never to wrap.
        UInt128 supply = 0;
        foreach (var (_, amount) in balances)
        {
            if (UInt128.MaxValue / 2 - supply < amount) throw new GenesisException($"{source}: the balances add up to more than 2^127; lower them");
            supply += amount;
        }
        var parameters = new ChainParameters(file.BlockGasLimit, file.MaxBlockBytes, file.InitialBaseFee, file.MinTipPerGas);
        // ValidatorNames follows the set's (address-sorted) order, not the file's, so each name stays with its key.
        var nameOf = new Dictionary<Address, string>();
        for (var i = 0; i < validators.Count; i++) nameOf[validators[i].Address] = names[i];
        var sortedNames = set.Validators.Select(v => nameOf[v.Address]).ToList();
        var staking = ParseStaking(file.Staking, source);
        // Genesis validators are bonded power × powerUnit out of nothing: that stake counts towards the supply bound too.
        foreach (var v in set.Validators)
        {
            var stake = (UInt128)v.Power;
            if (stake != 0 && staking.PowerUnit > UInt128.MaxValue / 2 / stake) throw new GenesisException($"{source}: validator power {v.Power} × staking.powerUnit does not fit in 2^127");
            stake *= staking.PowerUnit;
            if (UInt128.MaxValue / 2 - supply < stake) throw new GenesisException($"{source}: balances plus genesis stake add up to more than 2^127; lower them");
            supply += stake;
        }
        return new GenesisConfig(file.ChainId, file.GenesisTimeMs, parameters, set, balances, sortedNames, staking, ParseBlobs(file.Blobs, source),
            GenesisRollupEntry.Parse(file.Rollups, file.Blobs is not null, source), file.DerivedRollupLists ?? false);
    }

    private static BlobParameters? ParseBlobs(GenesisBlobsEntry? entry, string source)
    {
        if (entry is null) return null;
        var d = BlobParameters.Default;
        var blobs = new BlobParameters(
            entry.TargetBlobGasPerBlock ?? d.TargetBlobGasPerBlock,
            entry.MaxBlobGasPerBlock ?? d.MaxBlobGasPerBlock,
            entry.MinBaseFeePerBlobGas ?? d.MinBaseFeePerBlobGas,
            entry.BaseFeeUpdateFraction ?? d.BaseFeeUpdateFraction)
        { RetentionBlocks = entry.RetentionBlocks ?? d.RetentionBlocks };
        try
        {
            blobs.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GenesisException($"{source}: blobs: {e.Message}", e);
        }
        return blobs;
    }

    private static StakingParameters ParseStaking(GenesisStakingEntry? entry, string source)
    {
        if (entry is null) return StakingParameters.Default;
        UInt128 Amount(string? text, string field, UInt128 fallback)
        {
            if (text is null) return fallback;
            return UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new GenesisException($"{source}: staking.{field} must be a non-negative decimal integer string");
        }
        var d = StakingParameters.Default;
        var staking = new StakingParameters(
            Amount(entry.MinSelfStake, "minSelfStake", d.MinSelfStake),
            Amount(entry.PowerUnit, "powerUnit", d.PowerUnit),
            entry.UnbondingPeriodBlocks ?? d.UnbondingPeriodBlocks,
            entry.EpochLengthBlocks ?? d.EpochLengthBlocks,
            entry.SlashFractionBasisPoints ?? d.SlashFractionBasisPoints,
            entry.JailBlocks ?? d.JailBlocks,
            entry.EvidenceMaxAgeBlocks ?? d.EvidenceMaxAgeBlocks,
            entry.MaxValidators ?? d.MaxValidators);
        try
        {
            staking.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GenesisException($"{source}: staking: {e.Message}", e);
        }
        return staking;
    }

    public GenesisFile ToFile() => new()
    {
        ChainId = ChainId,
        GenesisTimeMs = GenesisTimeMs,
        BlockGasLimit = Parameters.BlockGasLimit,
        MaxBlockBytes = Parameters.MaxBlockBytes,
        InitialBaseFee = Parameters.InitialBaseFee,
        MinTipPerGas = Parameters.MinTipPerGas,
        Validators = Validators.Validators.Select((v, i) => new GenesisValidatorEntry
        {
            Name = i < ValidatorNames.Count ? ValidatorNames[i] : $"validator-{i}",
            PublicKey = v.PublicKey.ToString(),
            Power = v.Power,
        }).ToList(),
        Balances = Balances.Select(b => new GenesisBalanceEntry { Address = b.Address.ToString(), Amount = b.Amount.ToString(CultureInfo.InvariantCulture) }).ToList(),
        Staking = new GenesisStakingEntry
        {
            MinSelfStake = Staking.MinSelfStake.ToString(CultureInfo.InvariantCulture),
            PowerUnit = Staking.PowerUnit.ToString(CultureInfo.InvariantCulture),
            UnbondingPeriodBlocks = Staking.UnbondingPeriodBlocks,
            EpochLengthBlocks = Staking.EpochLengthBlocks,
            SlashFractionBasisPoints = Staking.SlashFractionBasisPoints,
            JailBlocks = Staking.JailBlocks,
            EvidenceMaxAgeBlocks = Staking.EvidenceMaxAgeBlocks,
            MaxValidators = Staking.MaxValidators,
        },
        Blobs = Blobs is null ? null : new GenesisBlobsEntry
        {
            TargetBlobGasPerBlock = Blobs.TargetBlobGasPerBlock,
            MaxBlobGasPerBlock = Blobs.MaxBlobGasPerBlock,
            MinBaseFeePerBlobGas = Blobs.MinBaseFeePerBlobGas,
            BaseFeeUpdateFraction = Blobs.BaseFeeUpdateFraction,
            RetentionBlocks = Blobs.RetentionBlocks,
        },
        Rollups = Rollups?.Select(GenesisRollupEntry.From).ToList(),
        DerivedRollupLists = DerivedRollupLists ? true : null,
    };

    public string ToJson() => JsonSerializer.Serialize(ToFile(), GenesisFile.JsonOptions);

    /// <summary>A digest of every consensus-relevant field, so a node refuses a data directory made from another genesis.</summary>
    public Hash256 Hash()
    {
        var w = new CanonicalWriter();
        w.WriteAscii(ChainId);
        w.WriteU64(GenesisTimeMs);
        w.WriteU64(Parameters.BlockGasLimit);
        w.WriteU32((uint)Parameters.MaxBlockBytes);
        w.WriteU64(Parameters.InitialBaseFee);
        w.WriteU64(Parameters.MinTipPerGas);
        w.WriteU128(Staking.MinSelfStake);
        w.WriteU128(Staking.PowerUnit);
        w.WriteU64(Staking.UnbondingPeriodBlocks);
        w.WriteU64(Staking.EpochLengthBlocks);
        w.WriteU32(Staking.SlashFractionBasisPoints);
        w.WriteU64(Staking.JailBlocks);
        w.WriteU64(Staking.EvidenceMaxAgeBlocks);
        w.WriteU32((uint)Staking.MaxValidators);
        Validators.Encode(w);
        w.WriteCount(Balances.Count);
        foreach (var (address, amount) in Balances)
        {
            w.WriteAddress(address);
            w.WriteU128(amount);
        }
        // Appended only when present, so the hash of every blob-free genesis (and every existing data directory) is unchanged.
        if (Blobs is { } blobs)
        {
            w.WriteU8(1);
            w.WriteU64(blobs.TargetBlobGasPerBlock);
            w.WriteU64(blobs.MaxBlobGasPerBlock);
            w.WriteU64(blobs.MinBaseFeePerBlobGas);
            w.WriteU64(blobs.BaseFeeUpdateFraction);
            w.WriteU64(blobs.RetentionBlocks);
        }
        // Likewise appended only when the rollups module is on.
        if (Rollups is { } rollups)
        {
            w.WriteU8(2);
            w.WriteCount(rollups.Count);
            foreach (var rollup in rollups) rollup.Write(w);
        }
        // Appended only when on, so every genesis without it keeps its hash.
        if (DerivedRollupLists) w.WriteU8(3);
        return DomainHasher.Hash(DomainTags.Genesis, w.WrittenSpan);
    }
}
