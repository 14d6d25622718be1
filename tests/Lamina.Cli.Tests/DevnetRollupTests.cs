using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.Node.Keys;

namespace Lamina.Cli.Tests;

/// <summary>The devnet's genesis starts with one optimistic rollup, so the L2 agents have a rollup to settle to.</summary>
public sealed class DevnetRollupTests
{
    [Fact]
    public void A_devnet_genesis_registers_the_devnet_rollup_and_runs_the_rollups_module()
    {
        var home = Path.Combine(Path.GetTempPath(), "lamina-cli-rollup-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetworkLayout.Initialize(home, 1, "lamina-devnet", 29_500, 1_700_000_000_000, blobs: BlobParameters.Default, rollups: [NetworkLayout.DevnetRollup()],
                derivedRollupLists: DevnetRollup.DerivedLists);
            var genesis = GenesisConfig.Load(Path.Combine(home, "genesis.json"));
            var rollup = Assert.Single(genesis.Rollups!);
            // Its games derive disputed lists on L1 (as `lamina devnet` writes it), and the bond rule still holds with a
            // derived descent's worst-case gas up to 6.7·10¹⁰ base units per gas (README, "A dispute on the devnet").
            Assert.True(genesis.DerivedRollupLists);
            Assert.True(L1ModuleRegistry.ForGenesis(genesis).Find<RollupsModule>()!.DerivedLists);
            var derivedGame = Lamina.L1.Rollups.Dispute.OutputGameConfig.ForRollup(rollup) with { DerivedLists = true };
            Assert.Equal(14_940_912UL, Lamina.L1.Rollups.Dispute.DisputeEconomics.MaxRefutationGas(derivedGame));
            Assert.Equal((UInt128)66_930_318_577UL, Lamina.L1.Rollups.Dispute.DisputeEconomics.BreakEvenGasPrice(derivedGame));
            using var poster = KeyFile.DevKey(4);
            Assert.Equal((1UL, 1UL, 10UL, 240UL, poster.Address), (rollup.Id, rollup.L2ChainId, rollup.ChallengeWindowSeconds, rollup.SequencingWindowBlocks, rollup.BatchPoster));
            // The L2 chain's block 0 (the same for every rollup), so derivation starts from the registered root.
            Assert.Equal(Lamina.L2.Optimistic.Derivation.RollupConfig.GenesisOutputRoot, rollup.GenesisOutputRoot);
            Assert.NotNull(L1ModuleRegistry.ForGenesis(genesis).Find<RollupsModule>());
            // Real L2 fees, read back from genesis.json: 10 + the origin's blob base fee × 100 bytes (Fjord's floor).
            Assert.Equal(new RollupL2Fees(10, 80, 100), rollup.L2Fees);
            Assert.Equal(110UL, rollup.L2FeesAt(1).RequiredFee());
            // Dispute clocks of seconds, registered (config version 2), so a devnet game resolves within a test.
            Assert.Equal((30UL, 10UL), (rollup.DisputeClockSeconds, rollup.DisputeExtensionSeconds));
            Assert.Equal(30_000UL, Lamina.L1.Rollups.Dispute.OutputGameConfig.ForRollup(rollup).Execution.MaxClockMs);
            // --l2-fault sets the sequencer's faults for a run, and a run without it makes it honest again.
            DevnetRollup.SetSequencerFaults(home, ["wrong-root"]);
            Assert.Equal(["wrong-root"], Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 2)).L2!.Faults);
            DevnetRollup.SetSequencerFaults(home, []);
            Assert.Empty(Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 2)).L2!.Faults);
            // Its sequencer signs batches with the registered poster's key, and a verifier follows it.
            var sequencer = Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 2));
            Assert.Equal(["sequencer"], sequencer.RoleSet);
            Assert.Equal(poster.Address, KeyFile.Read(Path.Combine(NetworkLayout.NodeHome(home, 2), sequencer.L2!.BatcherKeyFile)).Address);
            Assert.Equal(["verifier"], Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 3)).RoleSet);
            // The validator's explorer shows the heads of exactly those two nodes (explorer_l2Heads reads their l2_head).
            var verifier = Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 3));
            Assert.Equal([sequencer.RpcListen + "/rpc", verifier.RpcListen + "/rpc"], Lamina.Node.NodeConfig.Load(NetworkLayout.NodeHome(home, 0)).ExplorerL2Rpcs);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }
}
