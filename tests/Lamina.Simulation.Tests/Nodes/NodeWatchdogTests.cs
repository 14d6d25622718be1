namespace Lamina.Simulation.Tests.Nodes;

/// <summary>The whole-node harness reports a stuck network at once, with its seed, instead of running to the liveness bound.</summary>
public class NodeWatchdogTests
{
    [Fact]
    public void A_stall_with_no_timer_pending_is_reported_with_its_seed()
    {
        // Two of four validators silent: the honest two prevote nil, never see 2/3 of anything, and wait with no
        // consensus timer, while their periodic re-sends and sync polls change nothing.
        var config = SimulationConfigs.Clean(4) with { Name = "no-quorum-4", Byzantine = 2, Behaviors = [ByzantineBehavior.Silent], AllowNoQuorum = true };
        var r = WholeNodeSimulator.Run(config, 3);
        var stall = Assert.Single(r.Violations, v => v.StartsWith("stalled:", StringComparison.Ordinal));
        Assert.StartsWith("stalled: no timer pending", stall);
        Assert.DoesNotContain(r.Violations, v => v.StartsWith("liveness:", StringComparison.Ordinal));
        Assert.True(r.VirtualTimeMs < config.GstMs + config.LivenessBoundMs / 4, $"reported at {r.VirtualTimeMs} ms, not at once");
        Assert.Equal(0, r.MinHonestHeight);
        Assert.Contains("rerun: LAMINA_SIM_SEED=3 with config 'no-quorum-4'", r.ToString());
    }

    [Fact]
    public void A_healthy_run_is_not_reported_as_stalled()
    {
        // Periodic ticks and the client go on for ever in every run; only a stuck consensus state is a stall.
        var r = WholeNodeSimulator.Run(SimulationConfigs.Clean(4), 3);
        Assert.True(r.Passed, r.ToString());
    }
}
