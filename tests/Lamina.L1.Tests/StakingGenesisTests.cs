using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Staking;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

/// <summary>The optional "staking" object of genesis.json: defaults, validation naming the field, and round trips.</summary>
public sealed class StakingGenesisTests
{
    private static string Json(string staking)
    {
        var body = staking.Length == 0 ? "" : $"\"staking\": {staking},";
        return $$"""
            {
              "chainId": "lamina-test",
              "genesisTimeMs": 1700000000000,
              "blockGasLimit": 30000000,
              "maxBlockBytes": 4194304,
              "initialBaseFee": 1000,
              "minTipPerGas": 1,
              {{body}}
              "validators": [{ "name": "v0", "publicKey": "{{ValidatorKey.PublicKey}}", "power": 10 }],
              "balances": [{ "address": "{{Addr(1)}}", "amount": "1000000" }]
            }
            """;
    }

    private static string Refused(string staking) => Assert.Throws<GenesisException>(() => GenesisConfig.Parse(Json(staking), "test-genesis")).Message;

    [Fact]
    public void No_staking_object_means_the_defaults_and_a_partial_one_fills_in_the_rest()
    {
        Assert.Equal(StakingParameters.Default, GenesisConfig.Parse(Json("")).Staking);
        Assert.Equal(StakingParameters.Default, GenesisConfig.Parse(Json("{}")).Staking);
        var partial = GenesisConfig.Parse(Json("""{ "epochLengthBlocks": 7, "powerUnit": "1000" }""")).Staking;
        Assert.Equal(StakingParameters.Default with { EpochLengthBlocks = 7, PowerUnit = 1_000 }, partial);
        var full = GenesisConfig.Parse(Json("""
            { "minSelfStake": "340282366920938463463374607431768211455", "powerUnit": "1", "unbondingPeriodBlocks": 18446744073709551615,
              "epochLengthBlocks": 1, "slashFractionBasisPoints": 10000, "jailBlocks": 0, "evidenceMaxAgeBlocks": 0, "maxValidators": 1000 }
            """)).Staking;
        Assert.Equal(new StakingParameters(UInt128.MaxValue, 1, ulong.MaxValue, 1, 10_000, 0, 0, 1_000), full);
    }

    [Theory]
    [InlineData("""{ "evidenceMaxAgeBlocks": 2000 }""", "evidenceMaxAgeBlocks")]
    [InlineData("""{ "unbondingPeriodBlocks": 10, "evidenceMaxAgeBlocks": 11 }""", "evidenceMaxAgeBlocks")]
    [InlineData("""{ "unbondingPeriodBlocks": 0, "evidenceMaxAgeBlocks": 0 }""", "evidenceMaxAgeBlocks")]
    [InlineData("""{ "powerUnit": "0" }""", "powerUnit")]
    [InlineData("""{ "minSelfStake": "99", "powerUnit": "100" }""", "minSelfStake")]
    [InlineData("""{ "slashFractionBasisPoints": 10001 }""", "slashFractionBasisPoints")]
    [InlineData("""{ "slashFractionBasisPoints": 0 }""", "slashFractionBasisPoints")]
    [InlineData("""{ "epochLengthBlocks": 0 }""", "epochLengthBlocks")]
    [InlineData("""{ "maxValidators": 0 }""", "maxValidators")]
    [InlineData("""{ "maxValidators": 1001 }""", "maxValidators")]
    [InlineData("""{ "minSelfStake": "-1" }""", "staking.minSelfStake")]
    [InlineData("""{ "minSelfStake": "1.5" }""", "staking.minSelfStake")]
    [InlineData("""{ "minSelfStake": "" }""", "staking.minSelfStake")]
    [InlineData("""{ "minSelfStake": " 5" }""", "staking.minSelfStake")]
    [InlineData("""{ "minSelfStake": "1e6" }""", "staking.minSelfStake")]
    [InlineData("""{ "powerUnit": "0x10" }""", "staking.powerUnit")]
    [InlineData("""{ "powerUnit": "abc" }""", "staking.powerUnit")]
    [InlineData("""{ "powerUnit": "340282366920938463463374607431768211456" }""", "staking.powerUnit")]
    [InlineData("""{ "powerUnit": 100 }""", "powerUnit")]
    [InlineData("""{ "epochLengthBlocks": -1 }""", "epochLengthBlocks")]
    [InlineData("""{ "epochLengthBlocks": "5" }""", "epochLengthBlocks")]
    [InlineData("""{ "epochLenghtBlocks": 5 }""", "epochLenghtBlocks")]
    public void Invalid_staking_parameters_are_a_GenesisException_naming_the_field(string staking, string field)
    {
        var message = Refused(staking);
        Assert.Contains(field, message);
        Assert.StartsWith("test-genesis", message);
    }

    [Fact]
    public void ToJson_then_Parse_preserves_staking_and_the_hash()
    {
        var original = GenesisConfig.Parse(Json("""
            { "minSelfStake": "123456789012345678901234567890", "powerUnit": "1000000000", "unbondingPeriodBlocks": 31,
              "epochLengthBlocks": 7, "slashFractionBasisPoints": 1234, "jailBlocks": 9, "evidenceMaxAgeBlocks": 30, "maxValidators": 42 }
            """));
        var json = original.ToJson();
        Assert.Contains("\"minSelfStake\": \"123456789012345678901234567890\"", json);
        var again = GenesisConfig.Parse(json);
        Assert.Equal(original.Staking, again.Staking);
        Assert.Equal(original.Hash(), again.Hash());
        Assert.Equal(json, again.ToJson());

        // Defaults survive the trip too (ToJson writes them out explicitly).
        var plain = GenesisConfig.Parse(Json(""));
        Assert.Equal(plain.Hash(), GenesisConfig.Parse(plain.ToJson()).Hash());
        Assert.Equal(StakingParameters.Default, GenesisConfig.Parse(plain.ToJson()).Staking);
    }

    [Fact]
    public void Every_staking_field_is_part_of_the_genesis_hash()
    {
        var d = StakingParameters.Default;
        var variants = new[]
        {
            d, d with { MinSelfStake = d.MinSelfStake + 1 }, d with { PowerUnit = d.PowerUnit - 1 }, d with { UnbondingPeriodBlocks = d.UnbondingPeriodBlocks + 1 },
            d with { EpochLengthBlocks = d.EpochLengthBlocks + 1 }, d with { SlashFractionBasisPoints = d.SlashFractionBasisPoints + 1 },
            d with { JailBlocks = d.JailBlocks + 1 }, d with { EvidenceMaxAgeBlocks = d.EvidenceMaxAgeBlocks + 1 }, d with { MaxValidators = d.MaxValidators + 1 },
        };
        var baseGenesis = MakeGenesis();
        var hashes = variants.Select(s =>
        {
            s.Validate();
            return new GenesisConfig(baseGenesis.ChainId, baseGenesis.GenesisTimeMs, baseGenesis.Parameters, baseGenesis.Validators, baseGenesis.Balances, baseGenesis.ValidatorNames, s).Hash();
        }).ToList();
        Assert.Equal(variants.Length, hashes.Distinct().Count());
        Assert.Equal(baseGenesis.Hash(), hashes[0]);
    }

    [Fact]
    public void A_data_directory_made_with_other_staking_parameters_is_refused()
    {
        using var store = new InMemoryStore();
        var first = GenesisConfig.Parse(Json("""{ "epochLengthBlocks": 5 }"""));
        _ = new Blockchain(new ChainStore(store), first, ManualTime.AtGenesis());
        var other = GenesisConfig.Parse(Json("""{ "epochLengthBlocks": 6 }"""));
        var e = Assert.Throws<GenesisException>(() => new Blockchain(new ChainStore(store), other, ManualTime.AtGenesis()));
        Assert.Contains("another genesis", e.Message);
        // The same parameters reopen fine.
        Assert.Equal(0UL, new Blockchain(new ChainStore(store), GenesisConfig.Parse(Json("""{ "epochLengthBlocks": 5 }""")), ManualTime.AtGenesis()).Height);
    }
}
