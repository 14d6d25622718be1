using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Custody;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Chain;
using Lamina.Node.DataAvailability;
using Lamina.Node.Rpc;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// A DA node's keeper and store over a real chain (in memory): it stores exactly its custody columns of every block
/// with blobs, each column matching its root in the data root; its shares prove against the header through
/// da_getShare; a column it does not custody and a pruned height are typed NotFound answers; pruning follows the
/// retention window; and a keeper started late (a restarted node) catches up on what it missed.
/// </summary>
public sealed class DaKeeperTests : IDisposable
{
    private const string ChainId = "lamina-da-test";
    private readonly DaChainFixture _da = new(ChainId, senderSeed: 1, new FixedTime(1_700_000_001_000), BlobParameters.Default with { RetentionBlocks = 3 });
    private readonly Blockchain _chain;
    private readonly SigningKey _validator;

    /// <summary>Positional parameters as a node reads them off the wire (parsed JSON).</summary>
    private static RpcParams P(params object[] values) => new(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(values)));

    public DaKeeperTests()
    {
        _chain = _da.Chain;
        _validator = _da.Validator;
    }

    public void Dispose() => _da.Dispose();

    private void BlockWithBlobs(int blobs, int size) => _da.BlockWithBlobs(blobs, size, step: 13);

    private (DaStore Store, DaCustody Custody, DaColumnKeeper Keeper, DaRpcMethods Rpc) DaNode(byte id, int groups) => _da.DaNode(id, groups);

    [Fact]
    public void Stores_only_its_custody_columns_and_serves_them_with_proofs_against_the_data_root()
    {
        BlockWithBlobs(blobs: 3, size: 5_000); // 3 × 11 shares: an 8-wide square, 16 columns extended
        var (store, custody, keeper, rpc) = DaNode(7, groups: 4);
        keeper.CatchUp(_chain.Height);

        var header = _chain.Head.Header;
        var record = store.GetSquare(1)!;
        Assert.Equal(header.DataRoot, record.Header.DataRoot);
        Assert.Equal(16, record.Header.Width);
        var expected = CustodyGroups.Columns(custody.Groups, 16);
        Assert.Equal(expected, store.HeldColumns(1));
        Assert.True(expected.Length is >= 1 and <= 4);

        var column = expected[0];
        var answer = (JsonObject)rpc.Invoke("da_getShare", P(1, 9, column))!;
        var share = Hex.Decode((string)answer["share"]!);
        var proof = Canonical.Decode<ColumnShareProof>(Hex.Decode((string)answer["proof"]!));
        proof.Verify(header.DataRoot, share);
        Assert.Equal(9, proof.Row);

        // Anyone can recompute a node's custody from its id and group count.
        var other = new Address(Enumerable.Repeat((byte)0x33, Address.Size).ToArray());
        var remote = (JsonObject)rpc.Invoke("da_custody", P(other.ToString(), 128, 32))!;
        Assert.Equal(CustodyGroups.Of(other.ToArray(), 32), ((JsonArray)remote["groups"]!).Select(g => (int)g!).ToArray());
        Assert.Equal("groupCount", Assert.Throws<RpcException>(() => rpc.Invoke("da_custody", P(other.ToString(), 128, 129))).Message.Split('\'')[1]);

        var missing = Enumerable.Range(0, 16).First(c => !expected.Contains(c));
        var refused = Assert.Throws<RpcException>(() => rpc.Invoke("da_getShare", P(1, 0, missing)));
        Assert.Equal(RpcErrorCodes.NotFound, refused.Code);
        Assert.Equal("notCustodied", refused.Reason);

        var samples = (JsonArray)rpc.Invoke("da_sample", P(1, new[] { new[] { 0, column }, new[] { 15, missing } }))!;
        Assert.NotNull(samples[0]!["proof"]);
        Assert.Equal("notCustodied", (string)samples[1]!["reason"]!);
    }

    [Fact]
    public void Four_nodes_of_32_groups_each_hold_a_share_of_the_columns_and_together_most_of_them()
    {
        BlockWithBlobs(blobs: 6, size: 60_000); // a 32-wide square: 64 columns extended
        var held = new List<int>();
        for (byte id = 1; id <= 4; id++)
        {
            var (store, custody, keeper, _) = DaNode(id, groups: 32);
            keeper.CatchUp(_chain.Height);
            var columns = store.HeldColumns(1);
            Assert.Equal(CustodyGroups.Columns(custody.Groups, 64), columns);
            // 32 of 128 groups fold onto at most 32 of the 64 columns: never the whole square.
            Assert.InRange(columns.Count, 16, 32);
            held.AddRange(columns);
        }
        Assert.True(held.Distinct().Count() >= 32, $"four nodes should cover at least half the columns, cover {held.Distinct().Count()}");
    }

    [Fact]
    public void Namespace_data_comes_with_complete_proofs_against_row_roots_in_the_data_root()
    {
        BlockWithBlobs(blobs: 3, size: 1_500);
        var (_, _, keeper, rpc) = DaNode(4, groups: 4);
        keeper.CatchUp(_chain.Height);
        var header = _chain.Head.Header;
        var id = new byte[Namespace.IdSize];
        id[^1] = 2;
        var ns = Namespace.User(id);
        var answer = (JsonObject)rpc.Invoke("da_getNamespaceData", P(1, Hex.Encode(ns.ToArray())))!;
        Assert.Equal(Enumerable.Range(0, 1_500).Select(b => (byte)(b * 13 + 1)).ToArray(), Hex.Decode((string)answer["blobs"]![0]!));
        var k = (int)answer["k"]!;
        var shares = 0;
        foreach (var row in (JsonArray)answer["rows"]!)
        {
            var rowRoot = Canonical.Decode<Lamina.DataAvailability.Nmt.NmtNode>(Hex.Decode((string)row!["rowRoot"]!));
            var path = ((JsonArray)row["rowRootPath"]!).Select(h => Hash256.Parse((string)h!)).ToArray();
            Lamina.Core.Merkle.BinaryMerkleTree.Verify(header.DataRoot, DataAvailabilityHeader.LeafHash(rowRoot), (int)row["row"]!, 4 * k, path);
            var proof = Canonical.Decode<Lamina.DataAvailability.Nmt.NamespaceProof>(Hex.Decode((string)row["proof"]!));
            var rowShares = ((JsonArray)row["shares"]!).Select(x => Hex.Decode((string)x!)).ToList();
            proof.VerifyComplete(rowRoot, 2 * k, rowShares);
            shares += rowShares.Count;
            // Leaving one share out breaks completeness.
            if (rowShares.Count > 1) Assert.Throws<Lamina.DataAvailability.Nmt.InvalidNmtException>(() => proof.VerifyComplete(rowRoot, 2 * k, rowShares.Skip(1).ToList()));
        }
        Assert.Equal(new Blob(ns, new byte[1_500]).ShareCount, shares);
    }

    [Fact]
    public void A_node_holding_half_the_columns_rebuilds_and_serves_the_others_and_one_holding_less_does_not()
    {
        BlockWithBlobs(blobs: 3, size: 5_000); // k = 8, 16 columns
        var header = _chain.Head.Header;
        var rebuilt = false;
        var refused = false;
        for (byte id = 1; id < 60 && !(rebuilt && refused); id++)
        {
            var (store, _, keeper, rpc) = DaNode(id, groups: 8);
            keeper.CatchUp(_chain.Height);
            var held = store.HeldColumns(1);
            if (held.Count == 16) continue;
            var missing = Enumerable.Range(0, 16).First(c => !held.Contains(c));
            if (held.Count >= 8)
            {
                var answer = (JsonObject)rpc.Invoke("da_getShare", P(1, 13, missing))!;
                Assert.True((bool)answer["reconstructed"]!);
                Canonical.Decode<ColumnShareProof>(Hex.Decode((string)answer["proof"]!)).Verify(header.DataRoot, Hex.Decode((string)answer["share"]!));
                rebuilt = true;
            }
            else
            {
                Assert.Equal("notCustodied", Assert.Throws<RpcException>(() => rpc.Invoke("da_getShare", P(1, 13, missing))).Reason);
                refused = true;
            }
        }
        Assert.True(rebuilt && refused, "node ids 1..59 should include one holding 8..15 of 16 columns and one holding fewer");
    }

    [Fact]
    public void Heights_outside_the_retention_window_are_pruned_and_said_to_be_gone()
    {
        var (store, _, keeper, rpc) = DaNode(3, groups: 4);
        for (var i = 0; i < 5; i++)
        {
            BlockWithBlobs(blobs: 1, size: 100);
            keeper.CatchUp(_chain.Height);
        }
        // Retention 3 at head 5: heights 3, 4, 5 are kept.
        Assert.Equal(3UL, store.PrunedBelow);
        Assert.Null(store.GetSquare(2));
        Assert.NotNull(store.GetSquare(3));
        Assert.Equal([], store.HeldColumns(1));
        var gone = Assert.Throws<RpcException>(() => rpc.Invoke("da_square", P(2)));
        Assert.Equal("pruned", gone.Reason);
        Assert.Equal(5UL, (ulong)rpc.Invoke("da_square", P(5))!["height"]!);
    }

    [Fact]
    public void A_keeper_started_late_catches_up_on_the_window_and_blob_free_blocks_store_nothing()
    {
        BlockWithBlobs(blobs: 1, size: 100);
        _chain.ProduceBlock(_validator); // no blobs
        BlockWithBlobs(blobs: 2, size: 2_000);
        var (store, _, keeper, rpc) = DaNode(5, groups: 4);
        Assert.Null(store.LatestHeight());
        keeper.CatchUp(_chain.Height);
        Assert.NotNull(store.GetSquare(1));
        Assert.Null(store.GetSquare(2));
        Assert.Equal(3UL, store.LatestHeight());
        Assert.Equal("noBlobs", Assert.Throws<RpcException>(() => rpc.Invoke("da_square", P(2))).Reason);
        var fee = (JsonObject)rpc.Invoke("da_blobFee", new RpcParams(null))!;
        Assert.Equal("1", (string)fee["nextBaseFeePerBlobGas"]!);
    }

    private sealed class FixedTime(long ms) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
