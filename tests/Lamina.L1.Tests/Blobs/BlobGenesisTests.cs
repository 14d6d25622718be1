using System.Text.Json.Nodes;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Storage;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Blobs;

/// <summary>
/// The genesis "blobs" section turns the blob module on: it parses with defaults, round-trips, enters the genesis
/// hash only when present, and a chain built from it executes blobs with mempool admission checks of its own
/// (fee cap against the next blob base fee, one blob within the block limit, the larger size cap of data kinds).
/// </summary>
public sealed class BlobGenesisTests
{
    private static string WithBlobs(string blobsJson)
    {
        var json = JsonNode.Parse(MakeGenesis().ToJson())!.AsObject();
        json["blobs"] = JsonNode.Parse(blobsJson);
        return json.ToJsonString();
    }

    private static byte[] Data(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    private static Transaction Blob(ulong nonce, int length, ulong maxFeePerBlobGas)
        => Transaction.Create(Key(1), ChainId, nonce, 2_000, 10, 30_000, new BlobPayload(BlobCodecTests.Ns(4), maxFeePerBlobGas, Data(length)));

    [Fact]
    public void An_empty_blobs_section_means_the_defaults_and_changes_the_genesis_hash()
    {
        var without = MakeGenesis();
        var with = GenesisConfig.Parse(WithBlobs("{}"));
        Assert.Null(without.Blobs);
        Assert.Equal(BlobParameters.Default, with.Blobs);
        Assert.Equal(4_096UL, with.Blobs!.RetentionBlocks);
        Assert.NotEqual(without.Hash(), with.Hash());
        // Without the section, ToJson writes none, so a blob-free genesis file reads back to the same hash.
        Assert.DoesNotContain("\"blobs\"", without.ToJson(), StringComparison.Ordinal);
        Assert.Equal(without.Hash(), GenesisConfig.Parse(without.ToJson()).Hash());
    }

    [Fact]
    public void Blob_parameters_round_trip_and_each_one_enters_the_hash()
    {
        var custom = GenesisConfig.Parse(WithBlobs("""{ "targetBlobGasPerBlock": 1000, "maxBlobGasPerBlock": 4000, "minBaseFeePerBlobGas": 3, "baseFeeUpdateFraction": 5000, "retentionBlocks": 16 }"""));
        Assert.Equal(new BlobParameters(1_000, 4_000, 3, 5_000) { RetentionBlocks = 16 }, custom.Blobs);
        var again = GenesisConfig.Parse(custom.ToJson());
        Assert.Equal(custom.Blobs, again.Blobs);
        Assert.Equal(custom.Hash(), again.Hash());
        Assert.NotEqual(custom.Hash(), GenesisConfig.Parse(WithBlobs("""{ "targetBlobGasPerBlock": 1000, "maxBlobGasPerBlock": 4000, "minBaseFeePerBlobGas": 3, "baseFeeUpdateFraction": 5000, "retentionBlocks": 17 }""")).Hash());
    }

    [Theory]
    [InlineData("""{ "maxBlobGasPerBlock": 0 }""", "max blob gas")]
    [InlineData("""{ "targetBlobGasPerBlock": 900000 }""", "target")]
    [InlineData("""{ "minBaseFeePerBlobGas": 0 }""", "minimum blob base fee")]
    [InlineData("""{ "retentionBlocks": 0 }""", "retention")]
    [InlineData("""{ "retention": 5 }""", "retention")]
    public void Bad_blob_sections_are_refused_naming_the_field(string blobs, string expected)
    {
        var e = Assert.Throws<GenesisException>(() => GenesisConfig.Parse(WithBlobs(blobs), "test-genesis"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_from_a_blob_genesis_runs_the_blob_module_and_one_without_does_not()
    {
        using var storeWith = new InMemoryStore();
        using var storeWithout = new InMemoryStore();
        var with = new Blockchain(new ChainStore(storeWith), GenesisConfig.Parse(WithBlobs("{}")), ManualTime.AtGenesis());
        var without = new Blockchain(new ChainStore(storeWithout), MakeGenesis(), ManualTime.AtGenesis());
        Assert.NotNull(with.Modules.Find<BlobModule>());
        Assert.Null(without.Modules.Find<BlobModule>());

        // A 100 KB blob travels over the mempool's ordinary per-transaction cap (64 KiB) in network form; in a block
        // it is its commitment only.
        var big = Blob(0, 100_000, 10);
        Assert.True(big.NetworkEncoded.Length > 64 * 1024);
        Assert.True(big.Size < 512);
        with.SubmitTransaction(big);
        var block = with.ProduceBlock(ValidatorKey);
        Assert.Single(block.Transactions);
        Assert.Equal(TxRejectReason.Malformed, Assert.Throws<TransactionRejectedException>(() => without.SubmitTransaction(Blob(0, 10, 10))).Reason);
    }

    [Fact]
    public void Admission_refuses_a_fee_cap_below_the_next_blob_base_fee_and_a_blob_over_the_block_limit()
    {
        using var store = new InMemoryStore();
        var chain = new Blockchain(new ChainStore(store), GenesisConfig.Parse(WithBlobs("""{ "targetBlobGasPerBlock": 1000, "maxBlobGasPerBlock": 4000, "minBaseFeePerBlobGas": 5, "baseFeeUpdateFraction": 5000 }""")), ManualTime.AtGenesis());
        var module = chain.Modules.Find<BlobModule>()!;
        Assert.Equal(5UL, module.NextBaseFee(chain.StateAt()));

        var cheap = Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(Blob(0, 100, 4)));
        Assert.Equal(TxRejectReason.BlobFeeTooLow, cheap.Reason);
        Assert.Contains("blob base fee 5", cheap.Message, StringComparison.Ordinal);
        var huge = Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(Blob(0, 4_001, 100)));
        Assert.Equal(TxRejectReason.BlobGasLimitExceeded, huge.Reason);
        Assert.Equal(0, chain.Mempool.Count);

        // A full block (4,000 bytes, 3,000 over the target) raises the next base fee; a cap at the old fee is then refused.
        chain.SubmitTransaction(Blob(0, 4_000, 1_000));
        chain.ProduceBlock(ValidatorKey);
        var next = module.NextBaseFee(chain.StateAt());
        Assert.True(next > 5, $"the blob base fee should rise after a full block, is {next}");
        Assert.Equal(TxRejectReason.BlobFeeTooLow, Assert.Throws<TransactionRejectedException>(() => chain.SubmitTransaction(Blob(1, 100, 5))).Reason);
        chain.SubmitTransaction(Blob(1, 100, next));
        Assert.Equal(1, chain.Mempool.Count);
    }
}
