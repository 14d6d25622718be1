using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic.Agents;
using Lamina.L2.Optimistic.L1Client;

namespace Lamina.Node.Optimistic;

/// <summary>
/// The wrong-root fault's other half (tests and demos): the sequencer's proposer, having posted a wrong output, defends
/// it in the dispute game like a real attacker would, with <see cref="Lamina.L1.Rollups.Dispute.DisputeSolver"/> over the history it pretends
/// (<see cref="LyingOutputHistory"/>), signing with the proposer's key (shared with the batch poster through the
/// semaphore both take before sending). So a challenger must bisect it level by level down to L1's one step, and the game is
/// visible move by move over RPC, instead of the liar simply timing out on its first claim. Under the bad-transition
/// fault (<c>badTransition</c>) it defends the faulty history instead (<see cref="BadTransitionFault.History"/>:
/// faulty intermediate roots and headers, and step proofs from its own store): the game is bisected down to the wrong
/// transaction, where the liar tries L1's step with a real proof of the agreed pre-state and L1, executing the
/// transaction itself, refuses it (the step confirms the honest claim).
/// </summary>
public static class LyingDefender
{
    public static Func<CancellationToken, Task> Loop(LaminaRpcClient l1, SigningKey key, string chainId, RollupView rollup, SemaphoreSlim sending,
        SequencerAgent sequencer, Proposer proposer, TimeSpan interval, BadTransitionFault? badTransition = null)
    {
        var config = ClientChallenger.L1ConfigOf(rollup);
        // In a game that derives lists on L1 the liar descends with derivation's true source and claims its own states.
        var history = new LyingDerivedHistory(badTransition?.History ?? new LyingOutputHistory(sequencer.GetBlock, () => proposer.Lie),
            sequencer.DerivedDisputeHistory(Lamina.L1.Rollups.Dispute.DisputeLedger.RuleContext(config)));
        var agent = new ChallengerAgent(new ClientDisputeL1(l1, key, chainId, rollup.RollupId, sending), history, () => sequencer.Heads.Safe.Number,
            config, key.Address, plays: output => proposer.Lie is { } lie && output.OutputRoot == lie.Root, lying: true);
        return async ct =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    // Nothing to defend before the lie is posted; after it, every round plays the liar's moves.
                    var failed = agent.FailedSends;
                    if (proposer.Lie is not null) await agent.TickAsync(ct);
                    // A move L1 refused (under bad-transition: the step, with L1's one-step verdict) goes to node.log
                    // through the process's stderr, which the devnet keeps, and to the proposer's defence error.
                    if (agent.FailedSends > failed && agent.LastFailure is { } refused)
                    {
                        proposer.ReportDefenceError(refused.Message);
                        await Console.Error.WriteLineAsync($"lying defender: L1 did not take the liar's move ({refused.Failure}): {refused.Message}");
                    }
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // A refused move (the liar's case is hopeless) or L1 unreachable: try again next round.
                    proposer.ReportDefenceError(e.Message);
                }
                await Task.Delay(interval, ct);
            }
        };
    }
}
