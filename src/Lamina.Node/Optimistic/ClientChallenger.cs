using Lamina.Client;
using Lamina.Client.Views;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;
using Lamina.Node.Modules;

namespace Lamina.Node.Optimistic;

/// <summary>
/// The <c>challenger</c> role as a node runs it: a verifier's derivation from L1 and DA, and after every derivation round
/// a <see cref="ChallengerAgent"/> tick over the derived chain, reaching L1 through Lamina.Client with the challenger's
/// key. It keeps nothing of its own: every game is rebuilt from L1's record each tick, so a restarted challenger (a
/// new process) carries on where L1 is once derivation has caught up with the disputed blocks.
/// </summary>
public static class ClientChallenger
{
    public static async Task<L2Role> CreateAsync(NodeModuleContext context, LaminaRpcClient l1, RollupView rollup, VerifierAgent verifier, CancellationToken cancellationToken)
    {
        var l2 = context.Config.L2!;
        var key = Lamina.Client.Keys.KeyFile.Read(Path.Combine(context.Home, l2.ChallengerKeyFile));
        var chainId = await l1.GetChainIdAsync(cancellationToken);
        var config = L1ConfigOf(rollup);
        var history = verifier.DisputeHistory(DisputeLedger.RuleContext(config));
        var disputeL1 = new ClientDisputeL1(l1, key, chainId, rollup.RollupId);
        // The fault modes (tests and demos) replace the honest player: a liar that disputes a correct root, or a freeloader.
        Func<CancellationToken, Task<int>> tick = l2.Faults.Contains("lie") ? new LyingChallenger(disputeL1, verifier.GetBlock, () => verifier.SafeNumber, config, key.Address, truth: history).TickAsync
            : l2.Faults.Contains("freeload") ? new Freeloader(disputeL1, history, () => verifier.SafeNumber, config, key.Address).TickAsync
            : new ChallengerAgent(disputeL1, history, () => verifier.SafeNumber, config, key.Address).TickAsync;
        var interval = TimeSpan.FromMilliseconds(l2.ChallengeIntervalMs);
        return new L2Role(verifier, async ct =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    // One loop for both, so the challenger never reads the state store while derivation writes it.
                    await verifier.SyncAsync(ct);
                    await tick(ct);
                    verifier.ReportError(null);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    verifier.ReportError(e.Message);
                }
                await Task.Delay(interval, ct);
            }
        });
    }

    /// <summary>The registration as L1 holds it (the game's parameters and rule context come from it).</summary>
    public static RollupConfig L1ConfigOf(RollupView rollup) => new(rollup.RollupId, rollup.L2ChainId, rollup.GenesisOutputRoot, rollup.ProposerBond,
        rollup.ChallengeWindowSeconds, rollup.SequencingWindowBlocks, rollup.BatchPoster,
        new RollupL2Fees(rollup.L2Fees.ExecutionFee, rollup.L2Fees.DataBytesPerTransaction, rollup.L2Fees.MinDataBytes),
        rollup.DisputeClock.ClockSeconds, rollup.DisputeClock.ExtensionSeconds);
}
