using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Explorer.Tests.Support;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using Lamina.Node;
using Lamina.Node.Modules;
using Lamina.Node.Zk;
using Lamina.Stark.Proofs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Lamina.Explorer.Tests;

/// <summary>
/// A validator that also runs the zk-operator role over an in-memory L1 (which verifies batches as L1 does), and a
/// headless Chromium, for the explorer's ZK panel.
/// </summary>
public sealed class ZkExplorerNode : ExplorerNode
{
    public static readonly ZkRollupDomain Domain = new("lamina-test", 5);
    public static readonly ZkSigningKey Alice = ZkSigningKey.FromSeed([.. Enumerable.Repeat((byte)1, 32)]);
    public InMemoryZkSettlement L1 { get; } = new(Domain, minimumSecurityBits: 0);

    private sealed class FactoryModule(ZkOperatorFactory factory) : INodeModule
    {
        public string Name => "zk-test-factory";
        public IReadOnlyList<string> Roles { get; } = [ZkNodeModule.Operator];
        public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];
        public void ConfigureServices(NodeModuleContext context, IServiceCollection services) => services.AddSingleton(factory);
        public void Configure(NodeModuleContext context, WebApplication app) { }
        public void DescribeEndpoints(JsonObject entry, string baseUrl) { }
    }

    protected override void Prepare()
    {
        base.Prepare();
        var config = NodeConfig.Load(Node.Home.Path);
        config.Roles = [Lamina.Node.Modules.L1NodeModule.Validator, ZkNodeModule.Operator];
        config.Zk = new ZkRoleConfig { RollupId = Domain.RollupId };
        config.Save(Node.Home.Path);
        var options = new ZkOperatorOptions(MaxBatchOps: 2, BatchInterval: TimeSpan.FromMilliseconds(200), ProverParallelism: 1, PollInterval: TimeSpan.FromMilliseconds(100));
        Node.ExtraModules = [new FactoryModule((context, ct) =>
        {
            var core = new ZkOperatorCore(Domain, new ZkOperatorJournal(context.Store), options, TimeProvider.System);
            var op = new ZkOperator(core, L1, new ZkBatchProver(Domain, ProofOptions.InsecureFastForTestsOnly(8, 4), sequential: true), options, TimeProvider.System);
            return Task.FromResult(new ZkOperatorRole(op, Domain.RollupId, op.RunAsync));
        })];
    }
}

/// <summary>The ZK panel in a real browser: batches with proof sizes and prove / verify times, the priority queue, exodus status.</summary>
public sealed class ZkPanelTests(ZkExplorerNode fixture) : IClassFixture<ZkExplorerNode>
{
    [Fact]
    public async Task Proven_batches_show_with_proof_size_and_times_and_exodus_shows_when_L1_freezes()
    {
        fixture.L1.QueueDeposit(3, ZkExplorerNode.Alice.PublicKey, 1_000);
        fixture.L1.QueueDeposit(4, ZkExplorerNode.Alice.PublicKey, 5);
        using var client = new LaminaRpcClient(fixture.Node.RpcUri);
        var head = await Node.Tests.Support.Wait.UntilAsync(async () =>
        {
            try
            {
                return await client.GetZkOperatorHeadAsync();
            }
            catch (RpcException)
            {
                return null;
            }
        }, h => h?.Proven is { Batches: >= 1 } p && p.StateRoot == h.Pending.StateRoot, "the deposits' batch to be proven on L1", TimeSpan.FromSeconds(60));
        var batch = await client.GetZkOperatorBatchAsync(0);

        await using var explorer = await fixture.OpenAsync("#zk-section");
        await Expect(explorer.ByTestId("zk-status")).ToHaveTextAsync("1 proven");
        await Expect(explorer.ByTestId("zk-proven")).ToHaveTextAsync("1");
        await Expect(explorer.ByTestId("zk-priority")).ToHaveTextAsync("0 / 2");
        await Expect(explorer.ByTestId("zk-exodus")).ToHaveTextAsync("not frozen");
        var row = explorer.Page.Locator("[data-testid=zk-batch-row][data-number='0']");
        await Expect(row.GetByTestId("zk-batch-phase")).ToHaveTextAsync("verified");
        await Expect(row.GetByTestId("zk-proof-size")).ToHaveTextAsync(batch.ProofBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " B");
        await Expect(row.GetByTestId("zk-prove-time")).ToContainTextAsync("s");
        await Expect(row.GetByTestId("zk-verify-time")).ToContainTextAsync("s");

        // A transfer waits in the pending table until its batch is cut, then the queue shows a new L1 request.
        var transfer = TransferTx.Create(3, 4, PackedAmount.Pack(7), 0, ZkExplorerNode.Alice, ZkExplorerNode.Domain);
        await client.SendZkTransactionAsync(transfer.Encode());
        fixture.L1.Freeze();
        await Expect(explorer.ByTestId("zk-exodus")).ToHaveTextAsync("frozen: withdraw from the last proven root");
        await Expect(explorer.ByTestId("zk-status")).ToHaveTextAsync("frozen (exodus)");
        Assert.Equal(ZkExplorerNode.Domain.RollupId, head!.RollupId);
        explorer.AssertNoErrors();
    }
}
