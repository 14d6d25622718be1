using Lamina.Client;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Custody;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Network;
using Lamina.Node.Consensus;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>A real node (RocksDB, Kestrel) whose genesis turns blobs on and whose roles are validator and da.</summary>
public sealed class DaNodeFixture : NodeFixture
{
    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs();
        new NodeConfig { Name = "da-node", RpcListen = $"http://127.0.0.1:{Home.Port}", BlockIntervalMs = 50, Roles = ["validator", "da"], DaCustodyGroups = 8 }.Save(Home.Path);
        return StartAsync();
    }
}

/// <summary>
/// The da role in a running node: a blob posted over l1_sendTransaction lands in a block, the node keeps exactly its
/// custody columns of that block's square, and the typed client's da_* calls return shares whose proofs reach the
/// block's data root, the custody map anyone can recompute, and the blob fee market.
/// </summary>
public sealed class DaNodeTests(DaNodeFixture node) : IClassFixture<DaNodeFixture>
{
    [Fact]
    public async Task A_posted_blob_is_kept_as_custody_columns_and_served_with_proofs()
    {
        using var client = new LaminaRpcClient(node.RpcUri);
        var fee = await client.GetBlobFeeAsync();
        Assert.Equal(1UL, (ulong)fee.NextBaseFeePerBlobGas);

        var id = new byte[Namespace.IdSize];
        id[^1] = 0x42;
        var data = Enumerable.Range(0, 20_000).Select(i => (byte)(i * 3)).ToArray();
        var tx = Transaction.Create(node.Home.Funded[0], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, data));
        var hash = await client.SendTransactionAsync(tx.NetworkEncoded);
        var included = await client.WaitFinalAsync(hash, TimeSpan.FromSeconds(20));
        Assert.True(included is { IsIncluded: true }, "the blob was not included in time");
        var height = included!.BlockHeight!.Value;
        var block = await client.GetBlockAsync(height);

        var square = await Wait.UntilAsync<Lamina.Client.Views.DaSquareView?>(async () =>
        {
            try
            {
                return await client.GetSquareAsync(height);
            }
            catch (RpcException e) when (e.Reason == "notYetStored")
            {
                return null;
            }
        }, s => s is not null, "the DA node to store the square");
        Assert.Equal(block.Json["dataRoot"]!.GetValue<string>(), square!.DataRoot.ToString());
        var custody = await client.GetCustodyAsync(width: square.Width);
        Assert.Equal(CustodyGroups.Columns(custody.Groups, square.Width), square.HeldColumns);
        Assert.Equal(custody.Columns, square.HeldColumns);
        Assert.True(square.HeldColumns.Count < square.Width, "a DA node of 8 groups holds only part of the square");

        foreach (var column in square.HeldColumns)
        {
            var share = await client.GetShareAsync(height, square.Width - 1, column);
            Canonical.Decode<ColumnShareProof>(share.Proof).Verify(square.DataRoot, share.Share);
        }
        // A column outside custody: rebuilt and proven when the node holds half the columns, refused otherwise.
        var missing = Enumerable.Range(0, square.Width).First(c => !square.HeldColumns.Contains(c));
        if (square.HeldColumns.Count >= square.K)
        {
            var rebuilt = await client.GetShareAsync(height, 0, missing);
            Canonical.Decode<ColumnShareProof>(rebuilt.Proof).Verify(square.DataRoot, rebuilt.Share);
        }
        else
        {
            Assert.Equal("notCustodied", (await Assert.ThrowsAsync<RpcException>(() => client.GetShareAsync(height, 0, missing))).Reason);
        }
    }

    [Fact]
    public async Task Refused_sidecars_reach_the_node_log_through_the_consensus_jobs()
    {
        // The consensus jobs log through the host's logger factory: a peer's sidecars that do not match a committed
        // block's commitments are refused, and the warning is in the node's own output, not swallowed by a null logger.
        using var client = new LaminaRpcClient(node.RpcUri);
        var id = new byte[Namespace.IdSize];
        id[^1] = 0x43;
        var data = Enumerable.Range(0, 3_000).Select(i => (byte)(i * 5)).ToArray();
        var tx = Transaction.Create(node.Home.Funded[1], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, data));
        var included = await client.WaitFinalAsync(await client.SendTransactionAsync(tx.NetworkEncoded), TimeSpan.FromSeconds(20));
        Assert.True(included is { IsIncluded: true }, "the blob was not included in time");
        var height = included!.BlockHeight!.Value;
        var block = await client.GetBlockAsync(height);
        var forged = new BlobSidecars(height, block.Hash, [data[..^1]]);
        var driver = node.App!.Services.GetRequiredService<ConsensusDriver>();
        using var stranger = Lamina.Core.Crypto.SigningKey.Generate();
        var mark = node.Logs.Mark();
        driver.Jobs.Loop.Post(() => driver.Jobs.Sidecars.OnSidecars(PeerId.FromPublicKey(stranger.PublicKey), Canonical.Encode(forged)));
        var entry = await Wait.UntilAsync(() => Task.FromResult(node.Logs.Entries.Skip(mark).FirstOrDefault(e => e.Contains("SidecarGossip", StringComparison.Ordinal))),
            e => e is not null, "the refusal to be logged");
        Assert.StartsWith("Warning Lamina.Node.Sidecars.SidecarGossip: Refused blob sidecars for block " + height, entry);
    }
}
