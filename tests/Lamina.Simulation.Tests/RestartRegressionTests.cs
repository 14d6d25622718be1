namespace Lamina.Simulation.Tests;

/// <summary>
/// Issue 8: byzantine-4 seeds where an honest validator crashed and restarted and the height then stalled forever.
/// The WAL dropped the next height's early votes and proposal when that height started (they had been logged under
/// the previous height), so the replay voted differently, the double-sign guard refused it, and the node was mute.
/// </summary>
public class RestartRegressionTests
{
    [Theory]
    [InlineData(138ul)]
    [InlineData(3091ul)]
    [InlineData(3696ul)]
    [InlineData(4182ul)]
    [InlineData(4795ul)]
    [InlineData(4829ul)]
    [InlineData(6253ul)]
    [InlineData(7804ul)]
    [InlineData(8678ul)]
    [InlineData(777105ul)]
    [InlineData(777191ul)]
    [InlineData(777901ul)]
    public void Byzantine4_seed_that_stalled_after_a_restart_now_decides(ulong seed)
    {
        var r = Simulator.Run(SimulationConfigs.Byzantine(4), seed);
        Assert.True(r.Passed, r.ToString());
        Assert.True(r.MinHonestHeight >= 10, r.ToString());
    }

    [Fact]
    public void Watchdog_reports_a_stall_with_no_timer_pending_at_once()
    {
        // Two of four validators silent: honest nodes prevote nil, never see 2/3 of anything, and wait with no timer.
        var config = SimulationConfigs.Clean(4) with { Name = "no-quorum-4", Byzantine = 2, Behaviors = [ByzantineBehavior.Silent], AllowNoQuorum = true };
        var r = Simulator.Run(config, 1);
        var stall = Assert.Single(r.Violations);
        Assert.StartsWith("stalled: no timer pending", stall);
        Assert.True(r.VirtualTimeMs < 5_000, $"reported at {r.VirtualTimeMs} ms, not at once");
        Assert.Equal(0, r.MinHonestHeight);
    }
}
