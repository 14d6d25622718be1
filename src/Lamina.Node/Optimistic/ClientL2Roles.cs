using Lamina.Client;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.Derivation;
using Lamina.L2.Optimistic.L1Client;
using Lamina.L2.Optimistic.Sequencing;
using Lamina.Node.Modules;

namespace Lamina.Node.Optimistic;

/// <summary>
/// The roles as a node runs them: L1 reached through Lamina.Client (the rollups module's rollup_* methods, blobs from
/// a DA node), the rollup's parameters read from its registration, the sequencer's journal in the node's store.
/// </summary>
public static class ClientL2Roles
{
    public static async Task<L2Role> CreateAsync(NodeModuleContext context, bool sequencer, CancellationToken cancellationToken)
    {
        var l2 = context.Config.L2!;
        var l1 = new LaminaRpcClient(new Uri(l2.L1Rpc));
        var da = new LaminaRpcClient(new Uri(l2.DaRpc ?? l2.L1Rpc));
        var rollup = await l1.GetRollupAsync(l2.RollupId, cancellationToken);
        var config = DerivationConfig(rollup, l2);
        var source = new ClientRollupL1Source(l1, da, rollup);
        if (!sequencer)
        {
            var verifier = new VerifierAgent(config, source);
            if (context.Runs(OptimisticNodeModule.Challenger)) return await ClientChallenger.CreateAsync(context, l1, rollup, verifier, cancellationToken);
            return new L2Role(verifier, ct => verifier.RunAsync(TimeSpan.FromMilliseconds(250), TimeProvider.System, ct));
        }

        var key = Lamina.Client.Keys.KeyFile.Read(Path.Combine(context.Home, l2.BatcherKeyFile));
        if (key.Address != rollup.BatchPoster)
            throw new ConfigException($"l2.batcherKeyFile holds {key.Address}, but rollup {rollup.RollupId} takes batches only from {rollup.BatchPoster}");
        var chainId = await l1.GetChainIdAsync(cancellationToken);
        var sending = new SemaphoreSlim(1, 1);
        var poster = new ClientBatchPoster(l1, key, chainId, rollup, sending);
        var options = new SequencerOptions(l2.BlockIntervalMs, l2.BatchIntervalMs, Lamina.L1.Blobs.BlobParameters.MaxBlobBytes, l2.WithholdBatches, l2.Censored);
        var agent = new SequencerAgent(config, source, poster, new SequencerJournal(context.Store), TimeProvider.System, options);
        await agent.StartAsync(cancellationToken);
        if (l2.ProposeIntervalMs == 0) return new L2Role(agent, agent.RunAsync);
        var badTransition = l2.BadTransitionSeed is { } seed
            ? new BadTransitionFault(seed, Lamina.L1.Rollups.Dispute.DisputeLedger.RuleContext(ClientChallenger.L1ConfigOf(rollup)), agent.FeesAt, agent.GetBlock)
            : null;
        var proposer = new Proposer(agent, new ClientOutputPoster(l1, key, chainId, rollup, sending), TimeProvider.System,
            TimeSpan.FromMilliseconds(l2.ProposeIntervalMs), wrongRoot: l2.Faults.Contains("wrong-root"), badTransition);
        proposer.ResumeFrom(rollup.LastOutputL2Block);
        if (!l2.Faults.Contains("wrong-root") && badTransition is null) return new L2Role(agent, ct => Task.WhenAll(agent.RunAsync(ct), proposer.RunAsync(ct)));
        var defend = LyingDefender.Loop(l1, key, chainId, rollup, sending, agent, proposer, TimeSpan.FromMilliseconds(l2.ChallengeIntervalMs), badTransition);
        return new L2Role(agent, ct => Task.WhenAll(agent.RunAsync(ct), proposer.RunAsync(ct), defend(ct)));
    }

    /// <summary>
    /// The derivation rules every role of the rollup runs, from its registration on L1. One L1 window splits in two: the
    /// sequencer's blocks have half of it to land, and forced transactions are due half of it after submission, so a
    /// forced transaction is in the chain derived from L1 up to about its deadline. That forced half is the delay
    /// buffer's maximum: a sequencer caught delaying forced transactions sees it shrink to an eighth (Arbitrum BoLD's
    /// delay buffer, <see cref="DelayBufferConfig.ForWindow"/>).
    /// </summary>
    public static RollupConfig DerivationConfig(Lamina.Client.Views.RollupView rollup, L2RoleConfig l2)
    {
        var half = Math.Max(1, rollup.SequencingWindowBlocks / 2);
        return new RollupConfig(rollup.L2ChainId, rollup.RollupId, rollup.BatchPoster, rollup.BatchPoster, Math.Max(1, rollup.RegisteredAtHeight),
            half, half, l2.MaxSequencerDriftMs, l2.ChannelTimeoutBlocks, RegisteredFees(rollup.L2Fees), DelayBufferConfig.ForWindow(half));
    }

    /// <summary>
    /// The registration's fee schedule; the price per byte is left 0 here because every L2 block is executed under
    /// <see cref="RollupConfig.FeesAt"/> its L1 origin's blob base fee.
    /// </summary>
    public static Lamina.L2.Optimistic.OptimisticFeeSchedule RegisteredFees(Lamina.Client.Views.RollupFeesView fees)
        => new(fees.ExecutionFee, 0, fees.DataBytesPerTransaction, fees.MinDataBytes);
}
