using Lamina.Client;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.Node.Hosting;
using Lamina.Node.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Modules;

/// <summary>
/// Issue 7's proof of the seams: a new layer (<see cref="MeterLayer"/>) brings a transaction kind with its own state,
/// an end-block hook, an RPC method and JSON views into a running node without a line changed in L1 or the node.
/// </summary>
public sealed class LayerSeamTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_new_layer_runs_its_transactions_hooks_rpc_and_views_in_a_real_node()
    {
        var config = NodeConfig.Load(_home.Path);
        config.Roles = ["validator", MeterLayer.Role];
        config.Save(_home.Path);
        var app = LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new MeterLayer()]);
        await app.StartAsync();
        try
        {
            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            var sender = _home.Funded[0];
            var tx = Transaction.Create(sender, TestHome.ChainId, 0, 10_000, 2, 30_000, new MeterPayload(7));
            var hash = await client.SendTransactionAsync(tx.Encoded);
            var included = await client.WaitFinalAsync(hash, TimeSpan.FromSeconds(30));
            Assert.NotNull(included);
            Assert.True(included!.IsIncluded);
            // The payload's JSON view comes from the layer's format.
            Assert.Equal("meter", included.Kind);
            Assert.Equal("7", included.Json["units"]!.GetValue<string>());

            // Its RPC namespace reads its own records, and its end-block hook has run on every block since genesis.
            var head = await client.GetHeadAsync();
            var read = (await client.CallAsync("meter_read", sender.Address.ToString()))!;
            Assert.Equal(7UL, read["units"]!.GetValue<ulong>());
            Assert.True(read["blocks"]!.GetValue<ulong>() >= included.BlockHeight!.Value);

            // l1_getRecords shows the layer's record view beside L1's own modules, with no change to the L1 methods.
            var records = (await client.CallAsync("l1_getRecords", sender.Address.ToString(), head.Height))!;
            Assert.Equal(7UL, records["modules"]!["meter"]!["units"]!.GetValue<ulong>());
            var nobody = (await client.CallAsync("l1_getRecords", new Address(new byte[Address.Size]).ToString()))!;
            Assert.Null(nobody["modules"]!["meter"]);

            // The layer's own stateless check refuses a zero reading with a typed reason.
            var zero = Transaction.Create(sender, TestHome.ChainId, 1, 10_000, 2, 30_000, new MeterPayload(0));
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.SendTransactionAsync(zero.Encoded));
            Assert.Equal(RpcErrorCodes.TransactionRejected, refused.Code);
            Assert.Contains("zero units", refused.Message);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
