using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Node.Hosting;
using Lamina.Node.Keys;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>A validator without the da role (RocksDB, Kestrel, a real P2P port) on a chain with blobs.</summary>
public sealed class BlobValidatorFixture : NodeFixture
{
    public int P2PPort { get; } = TestHome.FreePort();

    public override Task InitializeAsync()
    {
        Home.WriteGenesisWithBlobs();
        new NodeConfig { Name = "validator-0", RpcListen = $"http://127.0.0.1:{Home.Port}", P2PListen = $"127.0.0.1:{P2PPort}", BlockIntervalMs = 50, Roles = ["validator"] }.Save(Home.Path);
        return StartAsync();
    }
}

/// <summary>
/// A DA node as a host of its own (role da alone: no chain): it follows the validator's headers with the light client,
/// fetches its custody columns over real sockets from the validator (which serves them from its blob sidecars), checks
/// each against the verified data root, stores them in RocksDB and serves shares whose proofs reach the header's data
/// root; it answers da_getNamespaceData from the square rebuilt from its columns and the validator's (proofs checked
/// as a rollup node checks them) and da_blobFee from the fee record proven against the header its light client verified.
/// </summary>
public sealed class StandaloneDaNodeTests(BlobValidatorFixture validator) : IClassFixture<BlobValidatorFixture>
{
    [Fact]
    public async Task A_da_node_without_the_chain_fetches_only_its_custody_columns_and_serves_verified_shares()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-da-alone-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            File.Copy(Path.Combine(validator.Home.Path, "genesis.json"), Path.Combine(home, "genesis.json"));
            Address validatorId;
            using (var key = KeyFile.Read(Path.Combine(validator.Home.Path, "node.key"))) validatorId = key.Address;
            var port = TestHome.FreePort();
            new NodeConfig
            {
                Name = "da-0", RpcListen = $"http://127.0.0.1:{port}", Roles = ["da"], DaCustodyGroups = 8, DaL1Rpc = validator.RpcUri.ToString(),
                PersistentPeers = [$"127.0.0.1:{validator.P2PPort}@{validatorId}"],
            }.Save(home);
            var app = LaminaNodeHost.Build(home, l => l.ClearProviders());
            await app.StartAsync();
            try
            {
                using var l1 = new LaminaRpcClient(validator.RpcUri);
                var id = new byte[Namespace.IdSize];
                id[^1] = 0x31;
                byte[] blob = [.. Enumerable.Range(0, 9_000).Select(i => (byte)(i * 5))];
                var tx = Transaction.Create(validator.Home.Funded[3], TestHome.ChainId, 0, 10_000, 2, 30_000, new BlobPayload(Namespace.User(id), 10, blob));
                var included = await l1.WaitFinalAsync(await l1.SendTransactionAsync(tx.NetworkEncoded), TimeSpan.FromSeconds(20));
                var height = included!.BlockHeight!.Value;
                var dataRoot = (await l1.GetBlockAsync(height)).Json["dataRoot"]!.GetValue<string>();

                using var da = new LaminaRpcClient(new Uri($"http://127.0.0.1:{port}/rpc"));
                var square = await Wait.UntilAsync<Lamina.Client.Views.DaSquareView?>(async () =>
                {
                    try
                    {
                        return await da.GetSquareAsync(height);
                    }
                    catch (RpcException e) when (e.Reason is "notYetStored" or "future")
                    {
                        return null;
                    }
                }, s => s is not null, "the DA node to fetch its columns", TimeSpan.FromSeconds(30));
                Assert.Equal(dataRoot, square!.DataRoot.ToString());
                var custody = await da.GetCustodyAsync(width: square.Width);
                Assert.Equal(custody.Columns, square.HeldColumns);
                Assert.InRange(square.HeldColumns.Count, 1, square.Width - 1);
                foreach (var column in square.HeldColumns)
                {
                    var share = await da.GetShareAsync(height, square.Width - 1, column);
                    Canonical.Decode<ColumnShareProof>(share.Proof).Verify(new Hash256(Hex.Decode(dataRoot)), share.Share);
                }
                // Namespace data with completeness proofs; 8 of 128 groups in a 16-wide square are usually fewer than
                // k = 8 columns: the rest come from its peer, each checked against its root; every row proof is checked
                // against the data root here, as a rollup node checks it.
                var answer = await da.GetNamespaceDataAsync(height, Namespace.User(id).ToString());
                var proven = Lamina.L2.Optimistic.L1Client.VerifiedNamespaceData.Blobs(new Hash256(Hex.Decode(dataRoot)), Namespace.User(id), answer);
                Assert.Equal(blob, Assert.Single(proven));
                Assert.Equal([.. square.HeldColumns], (await da.GetSquareAsync(height)).HeldColumns); // fetched columns are not stored

                // The blob fee: the fee record after the latest verified header, proven against its state root.
                var fee = await da.GetBlobFeeAsync();
                Assert.True(fee.Height >= height);
                var block = await l1.GetBlockAsync(fee.Height);
                Assert.Equal(block.Json["stateRoot"]!.GetValue<string>(), fee.Json["provenAgainstStateRoot"]!.GetValue<string>());
                var record = await l1.GetStateProofAsync(BlobModule.FeeStateKey, fee.Height);
                var state = record.Value is { } value ? Canonical.Decode<BlobFeeState>(value) : BlobFeeState.Zero;
                Assert.Equal(state.ExcessBlobGas, fee.ExcessBlobGas);
                Assert.Equal(state.BlobGasUsed, fee.BlobGasUsed);
                var parameters = BlobParameters.Default;
                Assert.Equal(BlobFeeMarket.BaseFeePerBlobGas(BlobFeeMarket.NextExcessBlobGas(state.ExcessBlobGas, state.BlobGasUsed, parameters), parameters), fee.NextBaseFeePerBlobGas);
                // The validator announced its roles on connecting (channel 38): the DA node knows it serves columns.
                var peerRoles = app.Services.GetRequiredService<Lamina.Node.Hosting.PeerRoles>();
                var announced = await Wait.UntilAsync(() => Task.FromResult(peerRoles.RolesOf(new Lamina.Network.PeerId(validatorId))), r => r is not null, "the validator's role announcement");
                Assert.Equal(["validator"], announced!);
                // The block before carried no blobs; the DA node knows it from the verified header alone.
                Assert.Equal("noBlobs", (await Assert.ThrowsAsync<RpcException>(() => da.GetSquareAsync(height - 1))).Reason);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
