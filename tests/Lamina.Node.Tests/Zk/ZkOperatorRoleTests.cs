using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using Lamina.Node.Hosting;
using Lamina.Node.Modules;
using Lamina.Node.Tests.Support;
using Lamina.Node.Zk;
using Lamina.Stark.Proofs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Zk;

/// <summary>
/// The zk-operator role in a real node (Kestrel, the RocksDB journal in the node's store), driven over zk_* with
/// Lamina.Client; L1 is in memory here (<see cref="InMemoryZkSettlement"/>, which verifies batches as L1 does).
/// </summary>
public sealed class ZkOperatorRoleTests : IDisposable
{
    private static readonly ZkRollupDomain Domain = new("lamina-test", 2);
    private static readonly ZkSigningKey Alice = ZkSigningKey.FromSeed([.. Enumerable.Repeat((byte)1, 32)]);
    private static readonly ZkSigningKey Bob = ZkSigningKey.FromSeed([.. Enumerable.Repeat((byte)2, 32)]);
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private sealed class FactoryModule(ZkOperatorFactory factory) : INodeModule
    {
        public string Name => "zk-test-factory";
        public IReadOnlyList<string> Roles { get; } = [ZkNodeModule.Operator];
        public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];
        public void ConfigureServices(NodeModuleContext context, IServiceCollection services) => services.AddSingleton(factory);
        public void Configure(NodeModuleContext context, WebApplication app) { }
        public void DescribeEndpoints(JsonObject entry, string baseUrl) { }
    }

    private static async Task<T?> Started<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.Reason == "starting")
        {
            return null;
        }
    }

    private async Task<WebApplication> StartAsync(ZkOperatorFactory factory)
    {
        var config = NodeConfig.Load(_home.Path);
        config.Role = ZkNodeModule.Operator;
        config.Roles = [ZkNodeModule.Operator];
        config.Zk = new ZkRoleConfig { RollupId = Domain.RollupId };
        config.Save(_home.Path);
        var app = LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new FactoryModule(factory)]);
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task A_batch_L1_includes_as_failed_shows_as_rejected_and_zk_head_says_the_operator_halted()
    {
        var l1 = new InMemoryZkSettlement(Domain, minimumSecurityBits: 0, includeFailedBatches: true);
        l1.QueueDeposit(3, Alice.PublicKey, 1_000);
        var options = new ZkOperatorOptions(MaxBatchOps: 4, BatchInterval: TimeSpan.FromMilliseconds(200), ProverParallelism: 1, PollInterval: TimeSpan.FromMilliseconds(50),
            ResubmitAfter: TimeSpan.FromMilliseconds(300), Fault: ZkFault.WrongRoot);
        ZkOperatorFactory factory = (context, ct) =>
        {
            var core = new ZkOperatorCore(Domain, new ZkOperatorJournal(context.Store), options, TimeProvider.System);
            var op = new ZkOperator(core, l1, new ZkBatchProver(Domain, ProofOptions.InsecureFastForTestsOnly(8, 4), sequential: true), options, TimeProvider.System);
            return Task.FromResult(new ZkOperatorRole(op, Domain.RollupId, op.RunAsync));
        };
        var app = await StartAsync(factory);
        try
        {
            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            await Wait.UntilAsync(() => Started(() => client.GetZkOperatorHeadAsync()), h => h?.Proven?.Batches == 1, "the honest deposit batch to land", TimeSpan.FromSeconds(60));
            await client.SendZkTransactionAsync(TransferToNewTx.Create(3, 9, Bob.PublicKey, PackedAmount.Pack(5), 0, Alice, Domain).Encode());
            var head = await Wait.UntilAsync(() => client.GetZkOperatorHeadAsync(), h => h.Halted is not null, "the operator to halt on L1's rejection", TimeSpan.FromSeconds(60));
            Assert.Contains("L1 rejected batch 1", head.Halted);
            var batch = await client.GetZkOperatorBatchAsync(1);
            Assert.Equal("rejected", batch.Phase);
            Assert.StartsWith("InvalidProof", batch.LastRejection);
            await Task.Delay(options.EffectiveResubmitAfter * 3);
            Assert.Equal(1, l1.FailedBatchesCharged); // never sent again
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.SendZkTransactionAsync(TransferTx.Create(3, 9, PackedAmount.Pack(1), 1, Alice, Domain).Encode()));
            Assert.Equal("halted", refused.Reason);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Operator_role_serves_zk_methods_and_settles_batches_on_L1()
    {
        var l1 = new InMemoryZkSettlement(Domain, minimumSecurityBits: 0);
        l1.QueueDeposit(3, Alice.PublicKey, 1_000);
        l1.QueueDeposit(9, Bob.PublicKey, 10);
        var options = new ZkOperatorOptions(MaxBatchOps: 4, BatchInterval: TimeSpan.FromMilliseconds(200), ProverParallelism: 1, PollInterval: TimeSpan.FromMilliseconds(50));
        ZkOperatorFactory factory = (context, ct) =>
        {
            var core = new ZkOperatorCore(Domain, new ZkOperatorJournal(context.Store), options, TimeProvider.System);
            var op = new ZkOperator(core, l1, new ZkBatchProver(Domain, ProofOptions.InsecureFastForTestsOnly(8, 4), sequential: true), options, TimeProvider.System);
            return Task.FromResult(new ZkOperatorRole(op, Domain.RollupId, op.RunAsync));
        };
        var app = await StartAsync(factory);
        try
        {
            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            await Wait.UntilAsync(() => Started(() => client.GetZkAccountAsync(3)), a => a?.Balance == 1_000, "the role to start and credit the deposit");

            var transfer = TransferTx.Create(3, 9, PackedAmount.Pack(250), 0, Alice, Domain);
            var sent = await client.SendZkTransactionAsync(transfer.Encode());
            Assert.Equal(("accepted", ZkOperatorCore.HashOf(transfer)), (sent.Status, sent.Hash));
            var bob = await client.GetZkAccountAsync(9);
            Assert.Equal((true, Bob.PublicKey.ToString(), 260UL), (bob.Exists, bob.PublicKey, bob.Balance));
            Assert.Equal("wrongNonce", (await Assert.ThrowsAsync<RpcException>(() => client.SendZkTransactionAsync(transfer.Encode()))).Reason);
            var overdraft = TransferTx.Create(9, 3, PackedAmount.Pack(261), 0, Bob, Domain);
            Assert.Equal("insufficientBalance", (await Assert.ThrowsAsync<RpcException>(() => client.SendZkTransactionAsync(overdraft.Encode()))).Reason);
            Assert.Equal("malformed", (await Assert.ThrowsAsync<RpcException>(() => client.SendZkTransactionAsync(new byte[] { 1, 9 }))).Reason);
            var withdrawal = WithdrawalTx.Create(9, 60, new Core.Address([.. Enumerable.Repeat((byte)0xEE, Core.Address.Size)]), 0, Bob, Domain);
            await client.SendZkTransactionAsync(withdrawal.Encode());

            var head = await Wait.UntilAsync(() => client.GetZkOperatorHeadAsync(), h => h.Proven is { } p && p.StateRoot == h.Pending.StateRoot && h.Pending.Unbatched == 0,
                "L1 to prove everything accepted", TimeSpan.FromSeconds(60));
            Assert.Equal((2UL, 0UL, false), (head.Proven!.PriorityOpsProcessed, head.Proven.PriorityOpsWaiting, head.Proven.Frozen));
            var batch = await Wait.UntilAsync(() => client.GetZkOperatorBatchAsync(head.Proven.Batches - 1), b => b.Phase == "verified", "the last batch to show as verified");
            Assert.True(batch.ProofBytes > 0 && batch.PubdataBytes > 0 && batch.L1VerifyMicroseconds > 0);
            Assert.Null(batch.L1Gas); // the in-memory L1 charges no gas: null, not a made-up figure
            Assert.Null(head.Halted);
            Assert.Contains(l1.Credited, c => c.Amount == 60);
            Assert.Equal(0UL, (await client.GetZkPendingAsync()).Count);
            Assert.Equal(RpcErrorCodes.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.GetZkOperatorBatchAsync(999))).Code);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(6u)]
    public void The_operator_proves_under_the_version_its_rollup_registered(uint airVersion)
    {
        Assert.Equal(airVersion, ClientZkOperator.ProofVersionFor(2, airVersion));
        var prover = new ZkBatchProver(Domain, ProofOptions.InsecureFastForTestsOnly(8, 4), sequential: true, proofVersion: ClientZkOperator.ProofVersionFor(2, airVersion));
        var batch = prover.Prove(new L2.Zk.State.ZkState(), [new DepositOp(0, 1, Alice.PublicKey, 10)], 0);
        Assert.Equal(airVersion, batch.Proof.Encode()[0]);
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(7u)]
    [InlineData(256u + 6)]
    public void A_rollup_registered_under_a_version_the_operator_cannot_prove_is_a_config_error(uint airVersion)
    {
        var e = Assert.Throws<ConfigException>(() => ClientZkOperator.ProofVersionFor(2, airVersion));
        Assert.Contains("upgrade the node", e.Message);
    }
}
