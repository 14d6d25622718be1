using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Rollups;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.L2.Optimistic.L1Client;
using Lamina.Node.Hosting;
using Lamina.Node.Optimistic;
using Lamina.Node.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using L2Config = Lamina.L2.Optimistic.Derivation.RollupConfig;

namespace Lamina.Node.Tests.Optimistic;

/// <summary>
/// The honest run through real nodes: an L1 validator with the da role and the rollups module, a sequencer node and a
/// verifier node, each a separate host reaching L1 only through Lamina.Client. A deposit on L1 is credited on L2,
/// transfers and a withdrawal are batched into blobs, the verifier derives the sequencer's blocks from L1 and DA
/// alone, the sequencer's proposer posts bonded output roots that finalize after their window, and the withdrawal is
/// paid on L1 with the proof the verifier serves.
/// </summary>
public sealed class L2OverL1Tests : IAsyncLifetime
{
    private const ulong RollupId = 5, L2ChainId = 55;
    private static readonly UInt128 Bond = 1_000;

    /// <summary>Real L2 fees in the registration: at the minimum blob price (1 per byte) a transaction needs 3 + 100.</summary>
    private static readonly RollupL2Fees Fees = new(3, 80, 100);
    private const ulong Fee = 150;
    private readonly TestHome _l1 = new(), _sequencerHome = new(), _verifierHome = new();
    private readonly List<WebApplication> _apps = [];

    public async Task InitializeAsync()
    {
        var g = _l1.Genesis;
        var rollup = new RollupConfig(RollupId, L2ChainId, L2Config.GenesisOutputRoot, Bond, 1, 400, _l1.Funded[0].Address, Fees);
        var genesis = new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking, BlobParameters.Default, [rollup]).ToJson();
        File.WriteAllText(Path.Combine(_l1.Path, "genesis.json"), genesis);
        var l1Config = NodeConfig.Load(_l1.Path);
        l1Config.Roles = ["validator", "da"];
        l1Config.Save(_l1.Path);
        await StartAsync(_l1);

        foreach (var (home, role) in new[] { (_sequencerHome, OptimisticNodeModule.Sequencer), (_verifierHome, OptimisticNodeModule.Verifier) })
        {
            File.WriteAllText(Path.Combine(home.Path, "genesis.json"), genesis);
            Keys.KeyFile.Write(Path.Combine(home.Path, "batcher.key"), _l1.Funded[0]);
            var config = NodeConfig.Load(home.Path);
            config.Role = role;
            config.Roles = [role];
            config.L2 = new L2RoleConfig { RollupId = RollupId, L1Rpc = new Uri(_l1.BaseUri, "rpc").ToString(), BlockIntervalMs = 50, BatchIntervalMs = 400, ProposeIntervalMs = 300 };
            config.Save(home.Path);
            await StartAsync(home);
        }
    }

    private async Task StartAsync(TestHome home)
    {
        var app = LaminaNodeHost.Build(home.Path, l => l.ClearProviders());
        await app.StartAsync();
        _apps.Add(app);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
        _l1.Dispose();
        _sequencerHome.Dispose();
        _verifierHome.Dispose();
    }

    private async Task<ulong> FinalAsync(LaminaRpcClient client, Transaction tx)
    {
        await client.SendTransactionAsync(tx.Encoded);
        var final = await client.WaitFinalAsync(tx.Hash, TimeSpan.FromSeconds(30));
        Assert.True(final is { IsIncluded: true }, $"{tx.Payload.Kind} was not included in time");
        return final!.BlockHeight!.Value;
    }

    private async Task<RollupTxBuilder> Builder(LaminaRpcClient client, SigningKey key)
        => new(key, TestHome.ChainId, (await client.GetAccountAsync(key.Address)).PendingNonce, 10_000, 2);

    [Fact]
    public async Task Deposit_transfer_withdraw_derived_by_a_verifier_and_paid_on_L1()
    {
        using var l1 = new LaminaRpcClient(new Uri(_l1.BaseUri, "rpc"));
        using var sequencer = new LaminaRpcClient(new Uri(_sequencerHome.BaseUri, "rpc"));
        using var verifier = new LaminaRpcClient(new Uri(_verifierHome.BaseUri, "rpc"));
        using var alice = SigningKey.FromSeed([.. Enumerable.Repeat((byte)3, 32)]);
        var bob = new Address([.. Enumerable.Repeat((byte)0xB0, Address.Size)]);
        var l1Recipient = _l1.Funded[5].Address;

        await FinalAsync(l1, (await Builder(l1, _l1.Funded[1])).Deposit(RollupId, alice.Address, 10_000));
        await Wait.UntilAsync(() => L2RoleTests.Started(() => sequencer.GetL2AccountAsync(alice.Address)), a => a?.Balance == 10_000, "the sequencer to start and credit the deposit", TimeSpan.FromSeconds(30));

        // The sequencer reads the fee schedule from the L1 registration: a free transfer is refused as paying too little.
        var registered = await l1.GetRollupAsync(RollupId);
        Assert.Equal(new RollupFeesView(3, 80, 100), registered.L2Fees);
        var free = await Assert.ThrowsAsync<RpcException>(() => sequencer.SendL2TransactionAsync(
            L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticTransfer.Create(alice, L2ChainId, RollupId, bob, 100, 0, 0))).Encode()));
        Assert.Equal("feeTooLow", free.Reason);
        for (ulong nonce = 0; nonce < 3; nonce++)
            await sequencer.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(OptimisticTransfer.Create(alice, L2ChainId, RollupId, bob, 100, Fee, nonce))).Encode());
        var withdrawal = OptimisticWithdrawal.Create(alice, L2ChainId, RollupId, l1Recipient, 2_500, Fee, 3);
        var sent = await sequencer.SendL2TransactionAsync(L2Transaction.FromSequenced(OptimisticBatchItem.From(withdrawal)).Encode());

        // The verifier, which never talks to the sequencer, finds the withdrawal in its safe chain.
        var derived = await Wait.UntilAsync(() => TryAsync(() => verifier.GetL2TransactionAsync(sent.Hash)), t => t is { Status: "safe" }, "the verifier to derive the withdrawal", TimeSpan.FromSeconds(60));
        var verifierHead = await verifier.GetL2HeadAsync();
        var atSequencer = await sequencer.CallAsync("l2_getBlock", verifierHead.Safe.Number);
        Assert.Equal(verifierHead.Safe.Hash.ToString(), atSequencer!["hash"]!.GetValue<string>());
        // Derivation, reading the same schedule from L1, charged the same fees: four transactions' worth.
        Assert.Equal(10_000UL - 300 - 2_500 - 4 * Fee, (await verifier.GetL2AccountAsync(alice.Address)).Balance);
        Assert.Equal(4 * Fee, (await verifier.GetL2AccountAsync(_l1.Funded[0].Address)).Balance);
        Assert.Empty(verifierHead.Mismatches);
        Assert.Equal(("verifier", false), (verifierHead.Role, verifierHead.WaitingForData));
        // No forced transaction was delayed: the delay buffer is full, the forced window is half the registered 400 blocks.
        Assert.Equal(200UL, verifierHead.ForcedInclusionWindow);
        await BatchBlobsAreProvenAgainstTheDataRoot(l1);

        // The sequencer's proposer posts safe output roots with a bond; once one at or past the withdrawal's block has
        // passed its 1 s window, the verifier's finalized head moves there and the withdrawal pays on L1.
        var finalized = await Wait.UntilAsync(() => verifier.GetL2HeadAsync(), h => h.Finalized.Number >= derived!.BlockNumber, "the finalized head", TimeSpan.FromSeconds(60));
        var outputs = await l1.GetRollupOutputsAsync(RollupId, 1, 1000);
        var posted = Assert.Single(outputs.Items, o => o.L2BlockNumber == finalized.Finalized.Number);
        Assert.Equal(finalized.Finalized.OutputRoot, posted.OutputRoot);
        var proof = OptimisticWithdrawalProof.Decode((await verifier.GetL2WithdrawalProofAsync(alice.Address, 3)).Proof);
        var before = (await l1.GetAccountAsync(l1Recipient)).Balance;
        await FinalAsync(l1, (await Builder(l1, _l1.Funded[4])).Withdraw(RollupId, posted.Index, withdrawal.Receipt, proof));
        Assert.Equal(before + 2_500, (await l1.GetAccountAsync(l1Recipient)).Balance);
        Assert.NotNull(derived);
    }

    /// <summary>
    /// What derivation reads from the DA node is proven: the namespace's shares against the header's data root give the
    /// very bytes the DA node lists, and a tampered share, another data root or a mangled answer is refused with a reason.
    /// </summary>
    private static async Task BatchBlobsAreProvenAgainstTheDataRoot(LaminaRpcClient l1)
    {
        var location = (await l1.GetRollupBatchesAsync(RollupId)).Items[0].Blobs[0];
        var ns = (await l1.GetRollupAsync(RollupId)).Namespace;
        var dataRoot = Hash256.Parse((await l1.GetBlockAsync(location.L1Height)).Json["dataRoot"]!.GetValue<string>());
        Assert.Equal(location.DataRoot, dataRoot);
        var answer = (await l1.GetNamespaceDataAsync(location.L1Height, ns))!;
        var proven = VerifiedNamespaceData.Blobs(dataRoot, RollupNamespace.Of(RollupId), answer);
        var listed = answer["blobs"]!.AsArray().Select(b => Hex.Decode(b!.GetValue<string>())).ToList();
        Assert.Equal(listed, proven);

        var tampered = answer.DeepClone();
        var share = Hex.Decode(tampered["rows"]![0]!["shares"]![0]!.GetValue<string>());
        share[^1] ^= 1;
        tampered["rows"]![0]!["shares"]![0] = Hex.Encode(share);
        Assert.Equal(BlobDataError.NamespaceProofFailed, Assert.Throws<InvalidBlobDataException>(() => VerifiedNamespaceData.Blobs(dataRoot, RollupNamespace.Of(RollupId), tampered)).Error);
        var otherRoot = Hash256.Parse("0x" + new string('7', 64));
        Assert.Equal(BlobDataError.RowNotInDataRoot, Assert.Throws<InvalidBlobDataException>(() => VerifiedNamespaceData.Blobs(otherRoot, RollupNamespace.Of(RollupId), answer)).Error);
        var mangled = answer.DeepClone();
        mangled.AsObject().Remove("rows");
        Assert.Equal(BlobDataError.Malformed, Assert.Throws<InvalidBlobDataException>(() => VerifiedNamespaceData.Blobs(dataRoot, RollupNamespace.Of(RollupId), mangled)).Error);
        // Honest proofs, but for another namespace than the one asked: refused.
        Assert.Equal(BlobDataError.NamespaceProofFailed, Assert.Throws<InvalidBlobDataException>(() => VerifiedNamespaceData.Blobs(dataRoot, RollupNamespace.Of(RollupId + 1), answer)).Error);
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException)
        {
            return null;
        }
    }
}
