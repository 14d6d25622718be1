using Lamina.Core;
using Lamina.L1.Genesis;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests;

public sealed class GenesisTests
{
    private static string Json(string? chainId = "\"lamina-test\"", string validators = "", string balances = "", string extra = "")
    {
        validators = validators.Length > 0 ? validators
            : $$"""[{ "name": "v0", "publicKey": "{{ValidatorKey.PublicKey}}", "power": 10 }]""";
        balances = balances.Length > 0 ? balances
            : $$"""[{ "address": "{{Addr(1)}}", "amount": "1000" }, { "address": "{{Addr(2)}}", "amount": "100000000000000000000000000000000000000" }]""";
        var chain = chainId is null ? "" : $"\"chainId\": {chainId},";
        return $$"""
            {
              {{chain}}
              "genesisTimeMs": 1700000000000,
              "blockGasLimit": 30000000,
              "maxBlockBytes": 4194304,
              "initialBaseFee": 1000,
              "minTipPerGas": 1,
              {{extra}}
              "validators": {{validators}},
              "balances": {{balances}}
            }
            """;
    }

    private static string Refused(string json) => Assert.Throws<GenesisException>(() => GenesisConfig.Parse(json, "test-genesis")).Message;

    [Fact]
    public void Parses_a_valid_file()
    {
        var g = GenesisConfig.Parse(Json());
        Assert.Equal("lamina-test", g.ChainId);
        Assert.Equal(1_700_000_000_000UL, g.GenesisTimeMs);
        Assert.Equal(Parameters(), g.Parameters);
        Assert.Equal(ValidatorKey.PublicKey, Assert.Single(g.Validators.Validators).PublicKey);
        Assert.Equal(2, g.Balances.Count);
        Assert.Equal(UInt128.Parse("100000000000000000000000000000000000000"), g.Balances.Single(b => b.Address == Addr(2)).Amount);
        Assert.Equal(g.Balances.OrderBy(b => b.Address).Select(b => b.Address), g.Balances.Select(b => b.Address));
    }

    [Fact]
    public void Malformed_json()
    {
        Assert.Contains("not valid genesis JSON", Refused("{ \"chainId\": "));
        Assert.Contains("not valid genesis JSON", Refused("[1, 2]"));
        Assert.Contains("empty", Refused("null"));
        Assert.Contains("test-genesis", Refused("{"));
    }

    [Fact]
    public void Unknown_field() => Assert.Contains("chainNmae", Refused(Json(extra: "\"chainNmae\": \"typo\",")));

    [Fact]
    public void Unknown_field_inside_a_validator()
    {
        var validators = $$"""[{ "publicKey": "{{ValidatorKey.PublicKey}}", "power": 10, "stake": 5 }]""";
        Assert.Contains("stake", Refused(Json(validators: validators)));
    }

    [Fact]
    public void Missing_or_bad_chain_id()
    {
        Assert.Contains("chainId", Refused(Json(chainId: null)));
        Assert.Contains("chainId", Refused(Json(chainId: "\"\"")));
        Assert.Contains("chainId", Refused(Json(chainId: "\"has space\"")));
        Assert.Contains("chainId", Refused(Json(chainId: $"\"{new string('c', 33)}\"")));
    }

    [Fact]
    public void Bad_address()
    {
        Assert.Contains("balances[0].address", Refused(Json(balances: """[{ "address": "0x1234", "amount": "1" }]""")));
        Assert.Contains("balances[1].address", Refused(Json(balances: $$"""[{ "address": "{{Addr(1)}}", "amount": "1" }, { "address": "zz{{new string('0', 38)}}", "amount": "1" }]""")));
        Assert.Contains("balances[0].address", Refused(Json(balances: """[{ "amount": "1" }]""")));
    }

    [Theory]
    [InlineData("\"-1\"")]
    [InlineData("\"1.5\"")]
    [InlineData("\"+1\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"\"")]
    [InlineData("\"340282366920938463463374607431768211456\"")] // 2^128
    public void Bad_amount(string amount)
        => Assert.Contains("balances[0].amount", Refused(Json(balances: $$"""[{ "address": "{{Addr(1)}}", "amount": {{amount}} }]""")));

    [Fact]
    public void Amount_as_a_json_number_is_refused()
        => Assert.Contains("not valid genesis JSON", Refused(Json(balances: $$"""[{ "address": "{{Addr(1)}}", "amount": 5 }]""")));

    [Fact]
    public void Zero_power() =>
        Assert.Contains("validators[0].power", Refused(Json(validators: $$"""[{ "publicKey": "{{ValidatorKey.PublicKey}}", "power": 0 }]""")));

    [Fact]
    public void Bad_or_missing_validator_key()
    {
        Assert.Contains("validators[0].publicKey", Refused(Json(validators: """[{ "publicKey": "0xabcd", "power": 1 }]""")));
        Assert.Contains("validators[0].publicKey", Refused(Json(validators: """[{ "power": 1 }]""")));
        Assert.Contains("validator", Refused(Json(validators: "[]")));
    }

    [Fact]
    public void Duplicate_validator_or_overflowing_power()
    {
        var key = ValidatorKey.PublicKey;
        Assert.Contains("twice", Refused(Json(validators: $$"""[{ "publicKey": "{{key}}", "power": 1 }, { "publicKey": "{{key}}", "power": 2 }]""")));
        Assert.Contains("power", Refused(Json(validators: $$"""[{ "publicKey": "{{key}}", "power": 18446744073709551615 }, { "publicKey": "{{Key(1).PublicKey}}", "power": 1 }]""")));
    }

    [Fact]
    public void Duplicate_balance()
    {
        var message = Refused(Json(balances: $$"""[{ "address": "{{Addr(1)}}", "amount": "1" }, { "address": "{{Addr(1).ToString().ToUpperInvariant().Replace("0X", "0x")}}", "amount": "2" }]"""));
        Assert.Contains("balances[1].address", message);
        Assert.Contains("twice", message);
    }

    [Fact]
    public void Parameter_bounds()
    {
        Assert.Contains("blockGasLimit", Refused(Json().Replace("\"blockGasLimit\": 30000000", "\"blockGasLimit\": 20999")));
        Assert.Contains("maxBlockBytes", Refused(Json().Replace("\"maxBlockBytes\": 4194304", "\"maxBlockBytes\": 1023")));
        Assert.Contains("initialBaseFee", Refused(Json().Replace("\"initialBaseFee\": 1000", "\"initialBaseFee\": 0")));
    }

    [Fact]
    public void ToJson_then_Parse_round_trips_to_the_same_hash()
    {
        var original = GenesisConfig.Parse(Json());
        var again = GenesisConfig.Parse(original.ToJson());
        Assert.Equal(original.Hash(), again.Hash());
        Assert.Equal(original.ToJson(), again.ToJson());

        var built = MakeGenesis(funded: 5);
        Assert.Equal(built.Hash(), GenesisConfig.Parse(built.ToJson()).Hash());
    }

    [Fact]
    public void Round_trip_keeps_each_validator_name_with_its_key()
    {
        // Listed in the opposite of address order, so the set's sorting would separate names from keys.
        var keys = new[] { Key(1), Key(2), Key(3) }.OrderByDescending(k => k.Address).ToArray();
        var validators = "[" + string.Join(",", keys.Select((k, i) => $$"""{ "name": "node-{{i}}", "publicKey": "{{k.PublicKey}}", "power": {{i + 1}} }""")) + "]";
        var parsed = GenesisConfig.Parse(Json(validators: validators));
        var file = GenesisConfig.Parse(parsed.ToJson()).ToFile();
        for (var i = 0; i < keys.Length; i++)
        {
            var entry = file.Validators!.Single(v => v.PublicKey == keys[i].PublicKey.ToString());
            Assert.Equal($"node-{i}", entry.Name);
            Assert.Equal((ulong)(i + 1), entry.Power);
        }
    }

    [Fact]
    public void Hash_covers_every_consensus_field()
    {
        var baseline = GenesisConfig.Parse(Json()).Hash();
        Assert.NotEqual(baseline, GenesisConfig.Parse(Json(chainId: "\"lamina-tesu\"")).Hash());
        Assert.NotEqual(baseline, GenesisConfig.Parse(Json().Replace("1700000000000", "1700000000001")).Hash());
        Assert.NotEqual(baseline, GenesisConfig.Parse(Json().Replace("\"minTipPerGas\": 1", "\"minTipPerGas\": 2")).Hash());
        Assert.NotEqual(baseline, GenesisConfig.Parse(Json().Replace("\"power\": 10", "\"power\": 11")).Hash());
        Assert.NotEqual(baseline, GenesisConfig.Parse(Json().Replace("\"amount\": \"1000\"", "\"amount\": \"1001\"")).Hash());
        // Names are labels, not consensus.
        Assert.Equal(baseline, GenesisConfig.Parse(Json().Replace("\"name\": \"v0\"", "\"name\": \"renamed\"")).Hash());
        // Balance order in the file is not consensus either: the config sorts them.
        var swapped = $$"""[{ "address": "{{Addr(2)}}", "amount": "100000000000000000000000000000000000000" }, { "address": "{{Addr(1)}}", "amount": "1000" }]""";
        Assert.Equal(baseline, GenesisConfig.Parse(Json(balances: swapped)).Hash());
    }

    [Fact]
    public void Load_reports_a_missing_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "lamina-no-such-genesis-" + Guid.NewGuid().ToString("N") + ".json");
        Assert.Contains(path, Assert.Throws<GenesisException>(() => GenesisConfig.Load(path)).Message);
    }

    [Fact]
    public void Comments_are_allowed()
    {
        var json = Json().Replace("\"genesisTimeMs\"", "// when the chain starts\n  \"genesisTimeMs\"");
        Assert.Equal(GenesisConfig.Parse(Json()).Hash(), GenesisConfig.Parse(json).Hash());
        Assert.Equal(Address.Zero, default);
    }

    [Fact]
    public void Supply_above_two_to_the_127_is_refused_so_later_credits_cannot_overflow()
        => Assert.Contains("2^127", Refused(Json(balances: $$"""[{ "address": "{{Addr(1)}}", "amount": "1" }, { "address": "{{Addr(2)}}", "amount": "340282366920938463463374607431768211455" }]""")));
}
