using Lamina.Client;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.Node.Hosting;
using Lamina.Node.Optimistic;
using Lamina.Node.Tests.Support;
using System.Text.Json.Nodes;
using Lamina.Node.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Node.Tests.Optimistic;

/// <summary>
/// The sequencer role in a real node (Kestrel, RocksDB journal in the node's store), driven over l2_* with
/// Lamina.Client; L1 is in memory here (the client-backed L1 is exercised where the rollups module runs).
/// </summary>
public sealed class L2RoleTests : IDisposable
{
    private const ulong ChainId = 7, RollupId = 3;
    private static readonly Address Batcher = new([.. Enumerable.Repeat((byte)0xBA, Address.Size)]);
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>Posts a channel as the next in-memory L1 block, stamped with the wall clock.</summary>
    private sealed class Poster(InMemoryRollupL1Source l1) : IBatchPoster
    {
        public Task PostAsync(IReadOnlyList<byte[]> blobs, CancellationToken cancellationToken)
        {
            l1.Append(new L1BlockData(l1.NextHeight, Now(), [], [], [.. blobs.Select(b => new BatchBlob(Batcher, b))], []));
            return Task.CompletedTask;
        }
    }

    /// <summary>Puts the test's role factory (L1 in memory) in place of the client-backed one.</summary>
    private sealed class FactoryModule(L2RoleFactory factory) : INodeModule
    {
        public string Name => "l2-test-factory";
        public IReadOnlyList<string> Roles { get; } = [OptimisticNodeModule.Sequencer];
        public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];
        public void ConfigureServices(NodeModuleContext context, IServiceCollection services) => services.AddSingleton(factory);
        public void Configure(NodeModuleContext context, WebApplication app) { }
        public void DescribeEndpoints(JsonObject entry, string baseUrl) { }
    }

    /// <summary>The call's answer, or null while the role is still starting (l2_* answer NotFound "starting" until then).</summary>
    internal static async Task<T?> Started<T>(Func<Task<T>> call) where T : class
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

    private static ulong Now() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Sequencer_role_serves_l2_methods_with_soft_confirmations_and_safe_and_finalized_heads()
    {
        using var alice = SigningKey.FromSeed([.. Enumerable.Repeat((byte)1, 32)]);
        var bob = new Address([.. Enumerable.Repeat((byte)0xB0, Address.Size)]);
        var start = Now();
        var rollup = new RollupConfig(ChainId, RollupId, Batcher, Batcher, 1, SequencingWindow: 100, ForcedInclusionWindow: 10,
            MaxSequencerDriftMs: 600_000, ChannelTimeout: 10);
        var l1 = new InMemoryRollupL1Source(1);
        l1.Append(L1BlockData.Empty(1, start));
        l1.Append(new L1BlockData(2, start, [new L2Deposit(0, alice.Address, 5_000)], [], [], []));

        L2RoleFactory factory = async (context, sequencer, ct) =>
        {
            Assert.True(sequencer);
            var agent = new SequencerAgent(rollup, l1, new Poster(l1), new SequencerJournal(context.Store), TimeProvider.System,
                new SequencerOptions(BlockIntervalMs: 50, BatchIntervalMs: 300));
            await agent.StartAsync(ct);
            return new L2Role(agent, agent.RunAsync);
        };
        var config = NodeConfig.Load(_home.Path);
        config.Role = OptimisticNodeModule.Sequencer;
        config.Roles = [OptimisticNodeModule.Sequencer];
        config.L2 = new L2RoleConfig { RollupId = RollupId };
        config.Save(_home.Path);
        var app = LaminaNodeHost.Build(_home.Path, l => l.ClearProviders(), [new FactoryModule(factory)]);
        await app.StartAsync();
        try
        {
            using var client = new LaminaRpcClient(new Uri(_home.BaseUri, "rpc"));
            await Wait.UntilAsync(() => Started(() => client.GetL2AccountAsync(alice.Address)), a => a?.Balance == 5_000, "the role to start and credit the deposit");

            var transfer = OptimisticBatchItem.From(OptimisticTransfer.Create(alice, ChainId, RollupId, bob, 1_234, 0, 0));
            var sent = await client.SendL2TransactionAsync(L2Transaction.FromSequenced(transfer).Encode());
            Assert.Equal("accepted", sent.Status);
            Assert.Equal(3_766UL, (await client.GetL2AccountAsync(alice.Address)).Balance); // soft-confirmed at once
            var withdrawal = OptimisticBatchItem.From(OptimisticWithdrawal.Create(alice, ChainId, RollupId, bob, 700, 0, 1));
            var sentWithdrawal = await client.SendL2TransactionAsync(L2Transaction.FromSequenced(withdrawal).Encode());

            // A replay is refused with the state machine's reason.
            var replay = await Assert.ThrowsAsync<RpcException>(() => client.SendL2TransactionAsync(L2Transaction.FromSequenced(transfer).Encode()));
            Assert.Equal("badNonce", replay.Reason);
            var garbage = await Assert.ThrowsAsync<RpcException>(() => client.SendL2TransactionAsync(new byte[] { 2, 9 }));
            Assert.Equal("malformed", garbage.Reason);

            var safe = await Wait.UntilAsync(() => client.GetL2TransactionAsync(sentWithdrawal.Hash), t => t.Status == "safe", "the withdrawal to be safe");
            Assert.Equal("sequenced", safe.Kind);
            var heads = await client.GetL2HeadAsync();
            Assert.True(heads.Unsafe.Number >= heads.Safe.Number && heads.Safe.Number >= safe.BlockNumber);
            Assert.Equal(0UL, heads.Finalized.Number);
            Assert.Equal(("sequencer", false, null), (heads.Role, heads.WaitingForData, heads.LastError));
            var notYet = await Assert.ThrowsAsync<RpcException>(() => client.GetL2WithdrawalProofAsync(alice.Address, 1));
            Assert.Equal("notFinalized", notYet.Reason);

            // L1 finalizes an output at the safe head: the finalized head follows, and the withdrawal is provable against it.
            var agent = (SequencerAgent)app.Services.GetRequiredService<L2RoleHost>().Chain!;
            var final = agent.GetBlock(heads.Safe.Number)!.Header;
            l1.SetFinalized(new FinalizedOutput(final.Number, final.Output.Root));
            await Wait.UntilAsync(() => client.GetL2HeadAsync(), h => h.Finalized.Number == final.Number, "the finalized head");
            var proofView = await client.GetL2WithdrawalProofAsync(alice.Address, 1);
            Assert.Equal(final.Output.Root, proofView.OutputRoot);
            OptimisticWithdrawalProof.Decode(proofView.Proof).Verify(final.Output.Root, new OptimisticWithdrawalReceipt(alice.Address, bob, 700, 1));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
