namespace Lamina.Consensus.Tests;

public class ProposerSelectionTests
{
    [Fact]
    public void Proposers_are_chosen_in_proportion_to_power_exactly_over_each_period()
    {
        var keys = new TestKeys(1, 2, 3, 4, 10);
        var set = keys.Set;
        var counts = new Dictionary<Core.Address, int>();
        const int periods = 7;
        for (ulong h = 0; h < set.TotalPower * periods; h++)
        {
            var p = set.GetProposer(h, 0).Address;
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }
        foreach (var v in set.Validators) Assert.Equal((int)v.Power * periods, counts[v.Address]);
    }

    [Fact]
    public void Heavy_validator_does_not_propose_in_long_bursts()
    {
        // Smooth round-robin interleaves: power 3 of 4 never proposes more than 3 times in a row.
        var keys = new TestKeys(3, 1);
        var heavy = keys.Set.Validators.Single(v => v.Power == 3).Address;
        var run = 0;
        for (ulong h = 0; h < 400; h++)
        {
            run = keys.Set.GetProposer(h, 0).Address == heavy ? run + 1 : 0;
            Assert.True(run <= 3);
        }
    }

    [Fact]
    public void Proposer_is_a_pure_function_of_set_height_and_round()
    {
        var a = new TestKeys(5, 7, 11, 13).Set;
        var b = new TestKeys(5, 7, 11, 13).Set;
        var seq = Enumerable.Range(0, 300).Select(i => a.GetProposer((ulong)(i * 37 % 101), (uint)(i % 5)).Address).ToArray();
        // b is queried in a different order (backwards), exercising the checkpoint path.
        for (var i = 299; i >= 0; i--) Assert.Equal(seq[i], b.GetProposer((ulong)(i * 37 % 101), (uint)(i % 5)).Address);
        // A round moves the schedule by one step, like a height.
        Assert.Equal(a.GetProposer(10, 3).Address, a.GetProposer(13, 0).Address);
    }

    [Fact]
    public void Schedule_returns_to_the_all_zero_start_after_total_power_steps()
    {
        // This is what lets GetProposer reduce the step modulo the total power.
        foreach (var powers in new[] { new ulong[] { 1, 2, 3 }, [5, 5, 5, 5], [1, 100], [7, 3, 9, 2, 2, 13] })
        {
            var set = new TestKeys(powers).Set;
            var schedule = new ProposerSchedule(set.Validators);
            Assert.All(schedule.PrioritiesAfter(set.TotalPower), p => Assert.Equal(Int128.Zero, p));
        }
    }

    [Fact]
    public void Far_heights_are_answered_and_consistent_with_the_period()
    {
        var set = new TestKeys(1_000_000, 3_000_000, 2_500_000).Set;
        var far = set.GetProposer(ulong.MaxValue - 10, 7);
        var reduced = set.GetProposer((ulong.MaxValue - 10) % set.TotalPower, 7);
        Assert.Equal(reduced.Address, far.Address);
    }
}
