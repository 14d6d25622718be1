namespace Lamina.Simulation.Tests.Nodes;

/// <summary>What the sequencer of a dispute run does with its output roots (<see cref="DisputeScenario"/>).</summary>
public enum SequencerFault
{
    /// <summary>Every output root is the true chain's.</summary>
    None,
    /// <summary>One seed-chosen output's state root is flipped (the devnet's <c>--fault wrong-root</c>); it defends the lie.</summary>
    WrongRoot,
    /// <summary>Its state goes wrong at a seed-chosen transaction of a seed-chosen block and every later block builds on it; it defends the lie.</summary>
    BadTransition,
}

/// <summary>
/// A whole-node run with the optimistic rollup's dispute game (<c>NodeSimulation.Dispute*.cs</c>): the real L1 rollups
/// module in the simulated chain, a sequencer that deposits and posts output roots (honest, or lying per
/// <see cref="Sequencer"/>), one honest challenger (the real <c>ChallengerAgent</c>), and <see cref="Liars"/> lying
/// parties playing all-vs-all in the same games: lying challengers that dispute correct roots with the solver over a
/// lie of their own, and players that counter random claims with true values (freeloaders) or garbage. With
/// <see cref="ChallengerCrash"/> the honest challenger crashes mid-game and restarts with nothing but L1's records;
/// with <see cref="Delays"/> every party's transaction reaches L1 after a seeded delay. Games derive disputed lists on L1
/// (genesis <c>derivedRollupLists</c>) unless <see cref="HeaderLists"/> keeps the old path, where a game plays on the
/// revealed header's list.
/// </summary>
public sealed record DisputeScenario(SequencerFault Sequencer, int Liars, bool ChallengerCrash = false, bool Delays = true, bool HeaderLists = false)
{
    /// <summary>The largest number of liars a run takes (keys are fixed per run).</summary>
    public const int MaxLiars = 16;

    public override string ToString() => $"dispute-{Sequencer}-liars{Liars}" + (ChallengerCrash ? "-crash" : "") + (Delays ? "" : "-nodelay") + (HeaderLists ? "-headerlists" : "");
}
